package dev.meshplane.envoy.dns;

import dev.meshplane.envoy.snapshot.EndpointResolver.HostLookup;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The DNS names of every proxy's clusters, resolved once for all: one lookup per name in flight
 * however many proxies ask, answers cached for a short TTL, lookups on a blocking executor (never
 * on the actors' dispatcher). A failed lookup keeps the last good answer and is retried with
 * exponential backoff; a name never resolved has no answer (its cluster is left out, never
 * served empty). Names nobody asked for in a while are forgotten.
 */
public final class DnsResolver extends AbstractBehavior<DnsResolver.Command> {

  public sealed interface Command {}

  /** Replies with the name's addresses: the cached answer, or after a lookup. */
  public record Resolve(String hostname, ActorRef<Answer> replyTo) implements Command {}

  /** Empty: never resolved (or every lookup so far failed). */
  public record Answer(String hostname, Optional<List<InetAddress>> addresses) {}

  private record LookedUp(String hostname, List<InetAddress> addresses) implements Command {}

  private record LookupFailed(String hostname, Throwable cause) implements Command {}

  private enum ForgetIdle implements Command { INSTANCE }

  /**
   * @param ttl how long an answer is served without a new lookup
   * @param firstBackoff wait after a first failed lookup before the next; doubled per failure
   * @param maxBackoff longest wait between failed lookups
   * @param idleExpiry a name nobody asked for this long is forgotten
   */
  public record Settings(Duration ttl, Duration firstBackoff, Duration maxBackoff, Duration idleExpiry) {
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(10));
    }
  }

  /** What is known about one name. */
  private static final class Entry {
    Optional<List<InetAddress>> lastGood = Optional.empty();
    Instant resolvedAt = Instant.MIN;
    Instant retryAfter = Instant.MIN;
    Instant lastAsked;
    int failures;
    boolean inFlight;
    final List<ActorRef<Answer>> waiting = new ArrayList<>();
  }

  /**
   * @param lookup the system resolver in production; tests pass their own function, since no DNS
   *     server can be controlled here
   */
  public static Behavior<Command> create(HostLookup lookup, Executor blockingExecutor, Settings settings, Clock clock) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(ForgetIdle.INSTANCE, settings.idleExpiry());
      return new DnsResolver(context, lookup, blockingExecutor, settings, clock);
    }));
  }

  private final HostLookup lookup;
  private final Executor blockingExecutor;
  private final Settings settings;
  private final Clock clock;
  private final Map<String, Entry> names = new HashMap<>();

  private DnsResolver(ActorContext<Command> context, HostLookup lookup, Executor blockingExecutor, Settings settings,
      Clock clock) {
    super(context);
    this.lookup = lookup;
    this.blockingExecutor = blockingExecutor;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Resolve.class, this::onResolve)
        .onMessage(LookedUp.class, this::onLookedUp)
        .onMessage(LookupFailed.class, this::onLookupFailed)
        .onMessageEquals(ForgetIdle.INSTANCE, this::onForgetIdle)
        .build();
  }

  private Behavior<Command> onResolve(Resolve resolve) {
    Instant now = clock.instant();
    Entry entry = names.computeIfAbsent(resolve.hostname(), name -> new Entry());
    entry.lastAsked = now;
    boolean fresh = entry.lastGood.isPresent() && now.isBefore(entry.resolvedAt.plus(settings.ttl()));
    boolean backingOff = now.isBefore(entry.retryAfter);
    if (fresh || (backingOff && !entry.inFlight)) {
      resolve.replyTo().tell(new Answer(resolve.hostname(), entry.lastGood));
      return this;
    }
    entry.waiting.add(resolve.replyTo());
    if (!entry.inFlight) {
      entry.inFlight = true;
      String hostname = resolve.hostname();
      getContext().pipeToSelf(
          CompletableFuture.supplyAsync(() -> lookUp(hostname), blockingExecutor),
          (addresses, failure) -> failure == null
              ? new LookedUp(hostname, addresses)
              : new LookupFailed(hostname, failure));
    }
    return this;
  }

  private List<InetAddress> lookUp(String hostname) {
    try {
      return List.of(lookup.lookup(hostname));
    } catch (java.net.UnknownHostException e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }

  private Behavior<Command> onLookedUp(LookedUp done) {
    Entry entry = names.get(done.hostname());
    if (entry == null) {
      return this;
    }
    entry.inFlight = false;
    entry.failures = 0;
    entry.retryAfter = Instant.MIN;
    entry.resolvedAt = clock.instant();
    entry.lastGood = done.addresses().isEmpty() ? entry.lastGood : Optional.of(done.addresses());
    answerWaiting(done.hostname(), entry);
    return this;
  }

  private Behavior<Command> onLookupFailed(LookupFailed failed) {
    Entry entry = names.get(failed.hostname());
    if (entry == null) {
      return this;
    }
    entry.inFlight = false;
    entry.failures++;
    Duration backoff = settings.firstBackoff().multipliedBy(1L << Math.min(entry.failures - 1, 20));
    entry.retryAfter = clock.instant().plus(backoff.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff);
    getContext().getLog().warn("DNS lookup of {} failed ({} in a row), {}; next try in {}", failed.hostname(),
        entry.failures, entry.lastGood.isPresent() ? "keeping the last answer" : "it has no answer yet",
        Duration.between(clock.instant(), entry.retryAfter));
    answerWaiting(failed.hostname(), entry);
    return this;
  }

  private void answerWaiting(String hostname, Entry entry) {
    Answer answer = new Answer(hostname, entry.lastGood);
    entry.waiting.forEach(replyTo -> replyTo.tell(answer));
    entry.waiting.clear();
  }

  private Behavior<Command> onForgetIdle() {
    Instant cutoff = clock.instant().minus(settings.idleExpiry());
    names.values().removeIf(entry -> !entry.inFlight && entry.lastAsked.isBefore(cutoff));
    return this;
  }
}
