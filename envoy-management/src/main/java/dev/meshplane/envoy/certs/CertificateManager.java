package dev.meshplane.envoy.certs;

import dev.meshplane.envoy.lookup.Backoff;
import dev.meshplane.envoy.lookup.RenewingAnswers;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * <p>The fetching, single flight, backoff and last good secret are {@link RenewingAnswers}' (a
 * Caffeine cache); this actor keeps the subscriptions, publishes and announces. Due fetches are
 * started by a periodic check against the clock, so a test clock moved forward triggers renewal.
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
   * @param fetches fetches finished so far
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

    /** When a fetched secret is fetched again. */
    Instant due(SecretKey key, FetchedSecret secret, Instant now) {
      if (key.source() == SecretKey.Source.SDS) {
        // Files are re-read often anyway; whoever writes them renews them.
        return now.plus(fileRefreshInterval);
      }
      Duration lifetime = Duration.between(secret.notBefore(), secret.notAfter());
      Duration third = lifetime.dividedBy(3);
      Instant renewAt = secret.notAfter().minus(third.compareTo(renewBefore) > 0 ? third : renewBefore);
      Instant refresh = now.plus(refreshInterval);
      return renewAt.isBefore(refresh) ? renewAt : refresh;
    }
  }

  /** A fetch of {@code key} ended (told from the fetching thread). */
  private record FetchEnded(SecretKey key, RenewingAnswers.Known<FetchedSecret> known) implements Command {}

  private enum CheckDue implements Command { INSTANCE }

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

  private final ConcurrentMap<SecretKey, Secret> published;
  private final RenewingAnswers<SecretKey, FetchedSecret> secrets;
  private final Clock clock;
  private final Map<ActorRef<SecretChanged>, Set<SecretKey>> subscriptions = new HashMap<>();
  private final Set<SecretKey> wanted = new HashSet<>();

  private CertificateManager(
      ActorContext<Command> context,
      Map<SecretKey.Source, SecretSource> sources,
      ConcurrentMap<SecretKey, Secret> published,
      Settings settings,
      Executor blockingExecutor,
      Clock clock) {
    super(context);
    Map<SecretKey.Source, SecretSource> bySource = Map.copyOf(sources);
    ActorRef<Command> self = context.getSelf();
    this.published = published;
    this.clock = clock;
    this.secrets = new RenewingAnswers<>(
        key -> source(bySource, key).fetch(key.name()),
        settings::due,
        new Backoff(settings.minBackoff(), settings.maxBackoff()),
        blockingExecutor, clock,
        (key, known) -> self.tell(new FetchEnded(key, known)));
  }

  private static SecretSource source(Map<SecretKey.Source, SecretSource> sources, SecretKey key) {
    SecretSource source = sources.get(key.source());
    if (source == null) {
      throw new IllegalStateException("no source configured for " + key.source() + " secrets"
          + (key.source() == SecretKey.Source.SDS ? ": set --secrets-dir (MESHPLANE_SECRETS_DIR)" : ""));
    }
    return source;
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
        .onMessage(FetchEnded.class, this::onFetchEnded)
        .onMessageEquals(CheckDue.INSTANCE, () -> {
          secrets.renewDue();
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
      if (wanted.add(key)) {
        secrets.want(key);
      } else if (published.containsKey(key) && !before.contains(key)) {
        // Published before this subscriber asked: its last build may have missed it.
        subscriber.tell(new SecretChanged(key));
      }
    }
    dropUnwanted();
    return this;
  }

  /** Secrets no subscriber wants any more are forgotten (and no longer fetched). */
  private void dropUnwanted() {
    Set<SecretKey> stillWanted = new HashSet<>();
    subscriptions.values().forEach(stillWanted::addAll);
    wanted.removeIf(key -> {
      if (stillWanted.contains(key)) {
        return false;
      }
      secrets.forget(key);
      published.remove(key);
      return true;
    });
  }

  private Behavior<Command> onFetchEnded(FetchEnded ended) {
    SecretKey key = ended.key();
    RenewingAnswers.Known<FetchedSecret> known = ended.known();
    if (!wanted.contains(key)) {
      return this; // forgotten while it was fetched
    }
    known.lastError().ifPresentOrElse(
        error -> getContext().getLog().warn("{} cannot be fetched ({} in a row), {}; retrying at {}: {}", key,
            known.failures(), known.lastGood().isPresent() ? "keeping the last good one" : "not served",
            known.nextLookup(), error.toString()),
        () -> {
          if (known.overdue() > 0) {
            // The source has not renewed it yet: served meanwhile, asked again with backoff.
            getContext().getLog().warn("{} expires {} and is not renewed yet; fetching again at {}", key,
                known.lastGood().orElseThrow().notAfter(), known.nextLookup());
          }
        });
    if (known.lastError().isEmpty()) {
      FetchedSecret secret = known.lastGood().orElseThrow();
      Secret before = published.put(key, secret.secret());
      if (!secret.secret().equals(before)) {
        getContext().getLog().info("{} {} (valid until {})", key, before == null ? "fetched" : "changed",
            secret.notAfter());
        subscriptions.forEach((subscriber, keys) -> {
          if (keys.contains(key)) {
            subscriber.tell(new SecretChanged(key));
          }
        });
      }
    }
    return this;
  }

  private Map<SecretKey, SecretStatus> status() {
    Map<SecretKey, SecretStatus> status = new HashMap<>();
    secrets.known().forEach((key, known) -> status.put(key, new SecretStatus(
        known.lastGood().isPresent(), known.lookups(), known.failures(),
        known.lastError().map(Throwable::toString),
        known.lastGood().map(FetchedSecret::notAfter), known.nextLookup())));
    wanted.forEach(key -> status.putIfAbsent(key, new SecretStatus(false, 0, 0, Optional.empty(), Optional.empty(),
        clock.instant())));
    return Map.copyOf(status);
  }
}
