package dev.meshplane.envoy.certs;

import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The secrets every connected proxy references, shared by all of them: each is fetched once,
 * published for snapshot builds, and fetched again before its certificate expires (when less than
 * a third of its lifetime or {@link Settings#renewBefore()} is left) and at least every refresh
 * interval, so an ACM renewal under the same ARN is picked up. Subscribers hear when a secret's
 * content changes. A failed fetch is retried with exponential backoff and the last good secret
 * stays published (static stability); a secret never fetched is not published at all, so no
 * proxy gets an empty one.
 *
 * <p>Due fetches are found by a periodic check against the clock, so a test clock moved forward
 * triggers renewal.
 */
public final class CertificateManager extends AbstractBehavior<CertificateManager.Command> {

  public sealed interface Command {}

  /** Sets everything {@code subscriber} wants (replacing what it wanted before). */
  public record Subscribe(ActorRef<SecretChanged> subscriber, Set<SecretKey> keys) implements Command {}

  public record Unsubscribe(ActorRef<SecretChanged> subscriber) implements Command {}

  public record GetStatus(ActorRef<Map<SecretKey, SecretStatus>> replyTo) implements Command {}

  /** Told to subscribers when a secret they want was published or its content changed. */
  public record SecretChanged(SecretKey key) {}

  /**
   * @param served whether a good secret is published
   * @param fetches fetches started so far
   * @param failures consecutive failed fetches
   * @param lastError the last failure, if the last fetch failed
   * @param notAfter the published certificate's expiry
   * @param nextFetch when the next fetch is due (by the manager's clock)
   */
  public record SecretStatus(
      boolean served, long fetches, int failures, Optional<String> lastError, Optional<Instant> notAfter,
      Instant nextFetch) {}

  /**
   * @param refreshInterval longest time between two ACM fetches of a secret
   * @param renewBefore fetch again when this little of the certificate's lifetime is left (or a third of it)
   * @param fileRefreshInterval how often PEM files are read again
   * @param checkInterval how often due fetches are looked for
   * @param minBackoff first retry delay after a failure, doubled per further failure
   * @param maxBackoff longest retry delay
   */
  public record Settings(
      Duration refreshInterval,
      Duration renewBefore,
      Duration fileRefreshInterval,
      Duration checkInterval,
      Duration minBackoff,
      Duration maxBackoff) {

    public static Settings defaults() {
      return new Settings(Duration.ofHours(1), Duration.ofDays(1), Duration.ofSeconds(10), Duration.ofSeconds(5),
          Duration.ofSeconds(1), Duration.ofMinutes(5));
    }
  }

  private record Fetched(SecretKey key, FetchedSecret secret) implements Command {}

  private record FetchFailed(SecretKey key, Throwable cause) implements Command {}

  private enum CheckDue implements Command { INSTANCE }

  private static final class Entry {
    FetchedSecret good;
    Instant nextFetch;
    boolean inFlight;
    int failures;
    /** Fetches in a row that found the certificate still due for renewal. */
    int renewalWaits;
    long fetches;
    String lastError;
  }

  public static Behavior<Command> create(
      Map<SecretKey.Source, SecretSource> sources,
      ConcurrentMap<SecretKey, Secret> published,
      Settings settings,
      Executor blockingExecutor,
      Clock clock) {
    Behavior<Command> manager = Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(CheckDue.INSTANCE, CheckDue.INSTANCE, settings.checkInterval());
      return new CertificateManager(context, sources, published, settings, blockingExecutor, clock);
    }));
    // A bug met by one message must not drop every proxy's subscriptions: keep the state, go on.
    return Behaviors.supervise(manager).onFailure(Exception.class, SupervisorStrategy.resume());
  }

  private final Map<SecretKey.Source, SecretSource> sources;
  private final ConcurrentMap<SecretKey, Secret> published;
  private final Settings settings;
  private final Executor blockingExecutor;
  private final Clock clock;
  private final Map<SecretKey, Entry> entries = new HashMap<>();
  private final Map<ActorRef<SecretChanged>, Set<SecretKey>> subscriptions = new HashMap<>();

  private CertificateManager(
      ActorContext<Command> context,
      Map<SecretKey.Source, SecretSource> sources,
      ConcurrentMap<SecretKey, Secret> published,
      Settings settings,
      Executor blockingExecutor,
      Clock clock) {
    super(context);
    this.sources = Map.copyOf(sources);
    this.published = published;
    this.settings = settings;
    this.blockingExecutor = blockingExecutor;
    this.clock = clock;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Unsubscribe.class, unsubscribe -> {
          subscriptions.remove(unsubscribe.subscriber());
          dropUnwanted();
          return this;
        })
        .onMessage(GetStatus.class, get -> {
          get.replyTo().tell(status());
          return this;
        })
        .onMessage(Fetched.class, this::onFetched)
        .onMessage(FetchFailed.class, this::onFetchFailed)
        .onMessageEquals(CheckDue.INSTANCE, () -> {
          Instant now = clock.instant();
          entries.forEach((key, entry) -> {
            if (!entry.inFlight && !entry.nextFetch.isAfter(now)) {
              fetch(key, entry);
            }
          });
          return this;
        })
        .build();
  }

  private Behavior<Command> onSubscribe(Subscribe subscribe) {
    ActorRef<SecretChanged> subscriber = subscribe.subscriber();
    if (!subscriptions.containsKey(subscriber)) {
      getContext().watchWith(subscriber, new Unsubscribe(subscriber));
    }
    Set<SecretKey> before = subscriptions.getOrDefault(subscriber, Set.of());
    subscriptions.put(subscriber, Set.copyOf(subscribe.keys()));
    for (SecretKey key : subscribe.keys()) {
      Entry entry = entries.get(key);
      if (entry == null) {
        entry = new Entry();
        entries.put(key, entry);
        fetch(key, entry);
      } else if (entry.good != null && !before.contains(key)) {
        // Published before this subscriber asked: its last build may have missed it.
        subscriber.tell(new SecretChanged(key));
      }
    }
    dropUnwanted();
    return this;
  }

  /** Secrets no subscriber wants any more are forgotten (and no longer fetched). */
  private void dropUnwanted() {
    Set<SecretKey> wanted = new HashSet<>();
    subscriptions.values().forEach(wanted::addAll);
    entries.keySet().removeIf(key -> {
      if (wanted.contains(key)) {
        return false;
      }
      published.remove(key);
      return true;
    });
  }

  private void fetch(SecretKey key, Entry entry) {
    entry.inFlight = true;
    entry.fetches++;
    SecretSource source = sources.getOrDefault(key.source(), name -> {
      throw new IllegalStateException("no source configured for " + key.source() + " secrets"
          + (key.source() == SecretKey.Source.SDS ? ": set --secrets-dir (MESHPLANE_SECRETS_DIR)" : ""));
    });
    getContext().pipeToSelf(
        CompletableFuture.supplyAsync(() -> {
          try {
            return source.fetch(key.name());
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        }, blockingExecutor),
        (secret, failure) -> failure == null ? new Fetched(key, secret) : new FetchFailed(key, unwrap(failure)));
  }

  private Behavior<Command> onFetched(Fetched fetched) {
    Entry entry = entries.get(fetched.key());
    if (entry == null) {
      return this;
    }
    Instant now = clock.instant();
    FetchedSecret secret = fetched.secret();
    entry.inFlight = false;
    entry.failures = 0;
    entry.lastError = null;
    boolean changed = entry.good == null || !entry.good.secret().equals(secret.secret());
    entry.good = secret;
    Instant renewAt = renewAt(secret);
    if (fetched.key().source() == SecretKey.Source.SDS) {
      // Files are re-read often anyway; whoever writes them renews them.
      entry.nextFetch = now.plus(settings.fileRefreshInterval());
    } else if (renewAt.isAfter(now)) {
      entry.renewalWaits = 0;
      Instant refresh = now.plus(settings.refreshInterval());
      entry.nextFetch = renewAt.isBefore(refresh) ? renewAt : refresh;
    } else {
      // Still due: the source has not renewed it yet. Served meanwhile; asked again with backoff.
      entry.renewalWaits++;
      entry.nextFetch = now.plus(backoff(entry.renewalWaits));
      getContext().getLog().warn("{} expires {} and is not renewed yet; fetching again at {}", fetched.key(),
          secret.notAfter(), entry.nextFetch);
    }
    if (changed) {
      published.put(fetched.key(), secret.secret());
      getContext().getLog().info("{} {} (valid until {})", fetched.key(),
          entry.fetches == 1 ? "fetched" : "changed", secret.notAfter());
      subscriptions.forEach((subscriber, keys) -> {
        if (keys.contains(fetched.key())) {
          subscriber.tell(new SecretChanged(fetched.key()));
        }
      });
    }
    return this;
  }

  private Behavior<Command> onFetchFailed(FetchFailed failed) {
    Entry entry = entries.get(failed.key());
    if (entry == null) {
      return this;
    }
    entry.inFlight = false;
    entry.failures++;
    entry.lastError = failed.cause().toString();
    entry.nextFetch = clock.instant().plus(backoff(entry.failures));
    getContext().getLog().warn("{} cannot be fetched ({} in a row), {}; retrying at {}: {}", failed.key(),
        entry.failures, entry.good == null ? "not served" : "keeping the last good one", entry.nextFetch,
        entry.lastError);
    return this;
  }

  private Instant renewAt(FetchedSecret secret) {
    Duration lifetime = Duration.between(secret.notBefore(), secret.notAfter());
    Duration third = lifetime.dividedBy(3);
    Duration before = third.compareTo(settings.renewBefore()) > 0 ? third : settings.renewBefore();
    return secret.notAfter().minus(before);
  }


  private Duration backoff(int attempts) {
    Duration delay = settings.minBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
    return delay.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : delay;
  }

  private Map<SecretKey, SecretStatus> status() {
    Map<SecretKey, SecretStatus> status = new HashMap<>();
    entries.forEach((key, entry) -> status.put(key, new SecretStatus(
        entry.good != null, entry.fetches, entry.failures, Optional.ofNullable(entry.lastError),
        Optional.ofNullable(entry.good).map(FetchedSecret::notAfter),
        entry.nextFetch == null ? clock.instant() : entry.nextFetch)));
    return Map.copyOf(status);
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }
}
