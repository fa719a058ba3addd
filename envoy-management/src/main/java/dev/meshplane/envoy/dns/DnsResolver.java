package dev.meshplane.envoy.dns;

import dev.meshplane.envoy.lookup.CachedAnswer;
import dev.meshplane.envoy.snapshot.EndpointResolver.HostLookup;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
  private final CachedAnswer.Backoff backoff;
  private final Map<String, CachedAnswer<List<InetAddress>, ActorRef<Answer>>> names = new HashMap<>();

  private DnsResolver(ActorContext<Command> context, HostLookup lookup, Executor blockingExecutor, Settings settings,
      Clock clock) {
    super(context);
    this.lookup = lookup;
    this.blockingExecutor = blockingExecutor;
    this.settings = settings;
    this.clock = clock;
    this.backoff = new CachedAnswer.Backoff(settings.firstBackoff(), settings.maxBackoff());
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
    var entry = names.computeIfAbsent(resolve.hostname(), name -> new CachedAnswer<>());
    entry.asked(now);
    if (entry.fresh(now, settings.ttl()) || (entry.backingOff(now) && !entry.inFlight())) {
      resolve.replyTo().tell(new Answer(resolve.hostname(), entry.lastGood()));
      return this;
    }
    entry.await(resolve.replyTo());
    if (entry.startLookup()) {
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
    var entry = names.get(done.hostname());
    if (entry == null) {
      return this;
    }
    // No address is no answer: the last good one stays.
    entry.succeeded(clock.instant(), Optional.of(done.addresses()).filter(a -> !a.isEmpty()),
        replyTo -> replyTo.tell(new Answer(done.hostname(), entry.lastGood())));
    return this;
  }

  private Behavior<Command> onLookupFailed(LookupFailed failed) {
    var entry = names.get(failed.hostname());
    if (entry == null) {
      return this;
    }
    Duration wait = entry.failed(clock.instant(), backoff,
        replyTo -> replyTo.tell(new Answer(failed.hostname(), entry.lastGood())));
    getContext().getLog().warn("DNS lookup of {} failed ({} in a row), {}; next try in {}", failed.hostname(),
        entry.failures(), entry.lastGood().isPresent() ? "keeping the last answer" : "it has no answer yet", wait);
    return this;
  }

  private Behavior<Command> onForgetIdle() {
    Instant cutoff = clock.instant().minus(settings.idleExpiry());
    names.values().removeIf(entry -> entry.idleSince(cutoff));
    return this;
  }
}
