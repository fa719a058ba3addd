package dev.meshplane.envoy.cloudmap;

import dev.meshplane.envoy.cloudmap.CloudMapResolver.Instance;
import dev.meshplane.envoy.cloudmap.CloudMapResolver.Key;
import dev.meshplane.envoy.lookup.CachedAnswer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
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
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.HealthStatusFilter;

/**
 * The Cloud Map services of every proxy's clusters, discovered once for all: at most one
 * {@code DiscoverInstances} per (namespace, service, attributes) in flight however many proxies ask,
 * answers cached for the refresh interval, calls on a blocking executor (never on the actors'
 * dispatcher). A failed call keeps the last good answer and is retried with exponential backoff; a
 * key never answered has no answer (empty), unlike an answer with no instances (an empty list).
 * Keys nobody asked for in a while are forgotten.
 */
public final class CloudMapLookups extends AbstractBehavior<CloudMapLookups.Command> {
  private static final int MAX_RESULTS = 1000;

  public sealed interface Command {}

  /** Replies with the key's instances: the cached answer, or after a lookup. */
  public record Resolve(Key key, ActorRef<Answer> replyTo) implements Command {}

  /** Empty: never answered (or every lookup so far failed). */
  public record Answer(Key key, Optional<List<Instance>> instances) {}

  private record LookupSucceeded(Key key, List<Instance> instances) implements Command {}

  private record LookupFailed(Key key, Throwable cause) implements Command {}

  private enum ForgetIdle implements Command { INSTANCE }

  public static Behavior<Command> create(
      ServiceDiscoveryClient client, Executor blockingExecutor, CloudMapResolver.Settings settings, Clock clock) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(ForgetIdle.INSTANCE, settings.idleExpiry());
      return new CloudMapLookups(context, client, blockingExecutor, settings, clock);
    }));
  }

  private final ServiceDiscoveryClient client;
  private final Executor blockingExecutor;
  private final CloudMapResolver.Settings settings;
  private final CachedAnswer.Backoff backoff;
  private final Clock clock;
  private final Map<Key, CachedAnswer<List<Instance>, ActorRef<Answer>>> keys = new HashMap<>();

  private CloudMapLookups(ActorContext<Command> context, ServiceDiscoveryClient client, Executor blockingExecutor,
      CloudMapResolver.Settings settings, Clock clock) {
    super(context);
    this.client = client;
    this.blockingExecutor = blockingExecutor;
    this.settings = settings;
    this.backoff = new CachedAnswer.Backoff(settings.initialBackoff(), settings.maxBackoff());
    this.clock = clock;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Resolve.class, this::onResolve)
        .onMessage(LookupSucceeded.class, this::onSucceeded)
        .onMessage(LookupFailed.class, this::onFailed)
        .onMessageEquals(ForgetIdle.INSTANCE, this::onForgetIdle)
        .build();
  }

  private Behavior<Command> onResolve(Resolve resolve) {
    Instant now = clock.instant();
    var entry = keys.computeIfAbsent(resolve.key(), key -> new CachedAnswer<>());
    entry.asked(now);
    boolean useCached = entry.fresh(now, settings.refreshInterval()) || entry.backingOff(now)
        // Someone is asking Cloud Map already: with an answer in hand, do not wait for theirs.
        || (entry.inFlight() && entry.lastGood().isPresent());
    if (useCached) {
      resolve.replyTo().tell(new Answer(resolve.key(), entry.lastGood()));
      return this;
    }
    entry.await(resolve.replyTo());
    if (entry.startLookup()) {
      Key key = resolve.key();
      getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> discover(key), blockingExecutor),
          (instances, failure) -> failure == null
              ? new LookupSucceeded(key, instances)
              : new LookupFailed(key, failure));
    }
    return this;
  }

  private Behavior<Command> onSucceeded(LookupSucceeded done) {
    var entry = keys.get(done.key());
    if (entry != null) {
      entry.succeeded(clock.instant(), Optional.of(done.instances()),
          replyTo -> replyTo.tell(new Answer(done.key(), entry.lastGood())));
    }
    return this;
  }

  private Behavior<Command> onFailed(LookupFailed failed) {
    var entry = keys.get(failed.key());
    if (entry == null) {
      return this;
    }
    Duration wait = entry.failed(clock.instant(), backoff,
        replyTo -> replyTo.tell(new Answer(failed.key(), entry.lastGood())));
    Key key = failed.key();
    getContext().getLog().warn("Cloud Map lookup of {}/{} {} failed ({} in a row), keeping {}; next try in {}: {}",
        key.namespaceName(), key.serviceName(), key.attributes(), entry.failures(),
        entry.lastGood().map(l -> l.size() + " instances").orElse("nothing"), wait, failed.cause().toString());
    return this;
  }

  private Behavior<Command> onForgetIdle() {
    Instant cutoff = clock.instant().minus(settings.idleExpiry());
    keys.values().removeIf(entry -> entry.idleSince(cutoff));
    return this;
  }

  /** Blocking: runs on the lookup executor. */
  private List<Instance> discover(Key key) {
    var response = client.discoverInstances(request -> {
      request.namespaceName(key.namespaceName())
          .serviceName(key.serviceName())
          .healthStatus(HealthStatusFilter.HEALTHY_OR_ELSE_ALL)
          .maxResults(MAX_RESULTS);
      if (!key.attributes().isEmpty()) {
        request.queryParameters(key.attributes());
      }
    });
    return response.instances().stream()
        .map(summary -> new Instance(summary.instanceId(), Map.copyOf(summary.attributes())))
        .sorted(Comparator.comparing(Instance::id))
        .toList();
  }
}
