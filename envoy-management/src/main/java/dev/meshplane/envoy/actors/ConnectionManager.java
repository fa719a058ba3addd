package dev.meshplane.envoy.actors;

import dev.meshplane.envoy.node.ProxyTarget;
import dev.meshplane.envoy.xds.StreamListener;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Streams opening and closing: one {@link ManifestManager} per connected proxy, started with its
 * first stream and stopped a grace period after its last one closed (a reconnecting proxy finds
 * its snapshot still warm). Spawns the {@link ConfigStoreWatcher} and registers managers with it.
 */
public final class ConnectionManager extends AbstractBehavior<ConnectionManager.Command> {

  public sealed interface Command {}

  public record StreamOpened(long streamId, ProxyTarget target) implements Command {}

  public record StreamClosed(long streamId) implements Command {}

  public record StreamAcked(long streamId, String typeUrl, String version) implements Command {}

  public record StreamNacked(long streamId, String typeUrl, String keptVersion, String error) implements Command {}

  public record GetConnectedProxies(ActorRef<Set<ProxyTarget>> replyTo) implements Command {}

  /** Forwarded to the proxy's manager; no reply when the proxy has none. */
  public record GetProxyStatus(ProxyTarget target, ActorRef<ManifestManager.Status> replyTo) implements Command {}

  /** Config items of the mesh were committed (a {@code ConfigChanges} hint): its watcher lists it now. */
  public record ConfigStoreChanged(String mesh) implements Command {}

  private record GraceExpired(ProxyTarget target) implements Command {}

  public record Settings(Duration pollInterval, Duration gracePeriod) {}

  public static Behavior<Command> create(ManifestManager.Dependencies dependencies, Settings settings) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      ActorRef<ConfigStoreWatcher.Command> watcher = context.spawn(
          ConfigStoreWatcher.create(dependencies.store(), dependencies.blockingExecutor(), settings.pollInterval()),
          "config-store-watcher");
      return new ConnectionManager(context, timers, dependencies, settings, watcher);
    }));
  }

  /** Reports the xDS server's stream events to a connection manager. */
  public static StreamListener listener(ActorRef<Command> manager) {
    return new StreamListener() {
      @Override
      public void opened(long streamId, ProxyTarget target) {
        manager.tell(new StreamOpened(streamId, target));
      }

      @Override
      public void closed(long streamId) {
        manager.tell(new StreamClosed(streamId));
      }

      @Override
      public void acked(long streamId, String typeUrl, String version) {
        manager.tell(new StreamAcked(streamId, typeUrl, version));
      }

      @Override
      public void nacked(long streamId, String typeUrl, String keptVersion, String errorDetail) {
        manager.tell(new StreamNacked(streamId, typeUrl, keptVersion, errorDetail));
      }
    };
  }

  private final TimerScheduler<Command> timers;
  private final ManifestManager.Dependencies dependencies;
  private final Settings settings;
  private final ActorRef<ConfigStoreWatcher.Command> watcher;
  private final Map<ProxyTarget, ActorRef<ManifestManager.Command>> managers = new HashMap<>();
  private final Map<Long, ProxyTarget> streams = new HashMap<>();
  /** Open streams per proxy: a close is O(1), not a scan of every stream (mass disconnects). */
  private final Map<ProxyTarget, Integer> openStreams = new HashMap<>();

  private ConnectionManager(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      ManifestManager.Dependencies dependencies,
      Settings settings,
      ActorRef<ConfigStoreWatcher.Command> watcher) {
    super(context);
    this.timers = timers;
    this.dependencies = dependencies;
    this.settings = settings;
    this.watcher = watcher;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StreamOpened.class, this::onOpened)
        .onMessage(StreamClosed.class, this::onClosed)
        .onMessage(StreamAcked.class, acked -> {
          toManager(acked.streamId(), new ManifestManager.StreamAcked(acked.streamId(), acked.typeUrl(), acked.version()));
          return this;
        })
        .onMessage(StreamNacked.class, nacked -> {
          toManager(nacked.streamId(), new ManifestManager.StreamNacked(
              nacked.streamId(), nacked.typeUrl(), nacked.keptVersion(), nacked.error()));
          return this;
        })
        .onMessage(GraceExpired.class, this::onGraceExpired)
        .onMessage(ConfigStoreChanged.class, changed -> {
          watcher.tell(new ConfigStoreWatcher.MeshChanged(changed.mesh()));
          return this;
        })
        .onMessage(GetConnectedProxies.class, get -> {
          get.replyTo().tell(Set.copyOf(managers.keySet()));
          return this;
        })
        .onMessage(GetProxyStatus.class, get -> {
          ActorRef<ManifestManager.Command> manager = managers.get(get.target());
          if (manager != null) {
            manager.tell(new ManifestManager.GetStatus(get.replyTo()));
          }
          return this;
        })
        .build();
  }

  private Behavior<Command> onOpened(StreamOpened opened) {
    ProxyTarget target = opened.target();
    if (streams.put(opened.streamId(), target) == null) {
      openStreams.merge(target, 1, Integer::sum);
    }
    timers.cancel(target);
    managers.computeIfAbsent(target, t -> {
      // A manager that fails is restarted: it reads its item again, and the cache keeps serving
      // the snapshot it set meanwhile.
      ActorRef<ManifestManager.Command> manager = getContext().spawnAnonymous(
          Behaviors.supervise(ManifestManager.create(t, dependencies)).onFailure(SupervisorStrategy.restart()));
      watcher.tell(new ConfigStoreWatcher.Watch(t.mesh(), t.key(), manager));
      return manager;
    });
    dependencies.metrics().streams(streams.size());
    dependencies.metrics().proxies(managers.size());
    return this;
  }

  private Behavior<Command> onClosed(StreamClosed closed) {
    ProxyTarget target = streams.remove(closed.streamId());
    if (target == null) {
      return this;
    }
    openStreams.computeIfPresent(target, (t, open) -> open == 1 ? null : open - 1);
    dependencies.metrics().streams(streams.size());
    toManager(target, new ManifestManager.StreamClosed(closed.streamId()));
    if (!openStreams.containsKey(target)) {
      timers.startSingleTimer(target, new GraceExpired(target), settings.gracePeriod());
    }
    return this;
  }

  private Behavior<Command> onGraceExpired(GraceExpired expired) {
    ProxyTarget target = expired.target();
    if (openStreams.containsKey(target)) {
      return this;
    }
    ActorRef<ManifestManager.Command> manager = managers.remove(target);
    if (manager != null) {
      watcher.tell(new ConfigStoreWatcher.Unwatch(target.mesh(), target.key(), manager));
      getContext().stop(manager);
    }
    dependencies.metrics().proxies(managers.size());
    return this;
  }

  private void toManager(long streamId, ManifestManager.Command command) {
    ProxyTarget target = streams.get(streamId);
    if (target != null) {
      toManager(target, command);
    }
  }

  private void toManager(ProxyTarget target, ManifestManager.Command command) {
    ActorRef<ManifestManager.Command> manager = managers.get(target);
    if (manager != null) {
      manager.tell(command);
    }
  }
}
