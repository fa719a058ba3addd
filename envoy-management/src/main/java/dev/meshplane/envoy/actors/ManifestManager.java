package dev.meshplane.envoy.actors;

import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.configstore.ProxyConfigVersion;
import dev.meshplane.envoy.cache.ProxySnapshotCache;
import dev.meshplane.envoy.certs.CertificateManager;
import dev.meshplane.envoy.certs.SecretKey;
import dev.meshplane.envoy.metrics.XdsMetrics;
import dev.meshplane.envoy.node.ProxyTarget;
import dev.meshplane.envoy.snapshot.ProxySnapshot;
import dev.meshplane.envoy.snapshot.ProxySnapshotBuilder;
import io.envoyproxy.controlplane.cache.Resources;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One connected proxy (in one variant): reads its config item when it starts and whenever the
 * config watcher tells of a newer version of it (one read per change, none while nothing
 * changes), builds the snapshot and sets it in the cache (again every endpoint refresh interval,
 * so DNS changes reach the proxy, and when a secret its config references is published or
 * changes), and records what each stream ACKed or NACKed. A failed read or build keeps the last
 * good snapshot (static stability); a failed read is retried.
 */
public final class ManifestManager extends AbstractBehavior<ManifestManager.Command> {

  public sealed interface Command {}

  /**
   * The store holds this version of the proxy's item (the config watcher listed it); unless the
   * manager already has it or a newer one, it reads the item.
   */
  public record ConfigChanged(ProxyConfigVersion version) implements Command {}

  public record StreamAcked(long streamId, String typeUrl, String version) implements Command {}

  public record StreamNacked(long streamId, String typeUrl, String keptVersion, String error) implements Command {}

  public record StreamClosed(long streamId) implements Command {}

  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  /**
   * @param generation generation of the served item, -1 before the first
   * @param contentHash hash of the served item, empty before the first
   * @param streams per stream, per type URL, what the stream last reported
   * @param convergence time from the served item's journal commit to the first ACK of it
   * @param servedItem the item served (for the status API's served config and journal commit), empty before the first
   * @param convergedAt when the served item was first ACKed
   */
  public record Status(
      long generation,
      Optional<String> contentHash,
      Map<Long, Map<String, StreamStatus>> streams,
      Optional<Duration> convergence,
      Optional<ProxyConfigItem> servedItem,
      Optional<java.time.Instant> convergedAt) {}

  private record ItemRead(Optional<ProxyConfigItem> item) implements Command {}

  private record ReadFailed(Throwable cause) implements Command {}

  private record Built(ProxyConfigItem item, ProxySnapshot snapshot) implements Command {}

  private record BuildFailed(ProxyConfigItem item, Throwable cause) implements Command {}

  /** An endpoint refresh of {@code from}: {@code built} holds {@code from} itself when nothing moved. */
  private record Refreshed(ProxySnapshot from, Built built) implements Command {}

  private enum RetryRead implements Command { INSTANCE }

  /**
   * How many times a read that returned an older item than the listed version (an eventually
   * consistent read behind the index) is retried before waiting for the next change.
   */
  private static final int STALE_READ_RETRIES = 5;

  /** Time to look the served item's DNS names up again. */
  private enum RefreshEndpoints implements Command { INSTANCE }

  /** A secret the served config references was published or changed: build again to include it. */
  private enum SecretsChanged implements Command { INSTANCE }

  /**
   * What a manager needs from outside; shared by all managers.
   *
   * @param statusChanges moved by every manager whose {@link Status} facts change (for the status publisher)
   */
  public record Dependencies(
      ConfigStore store,
      ProxySnapshotCache<ProxyTarget> cache,
      ProxySnapshotBuilder builder,
      Executor blockingExecutor,
      Clock clock,
      Duration readRetryInterval,
      Duration endpointRefreshInterval,
      XdsMetrics metrics,
      StatusChanges statusChanges) {

    /** Without metrics (meters that go nowhere), status changes counted for no one. */
    public Dependencies(ConfigStore store, ProxySnapshotCache<ProxyTarget> cache, ProxySnapshotBuilder builder,
        Executor blockingExecutor, Clock clock, Duration readRetryInterval, Duration endpointRefreshInterval) {
      this(store, cache, builder, blockingExecutor, clock, readRetryInterval, endpointRefreshInterval,
          XdsMetrics.none(), new StatusChanges());
    }
  }

  public static Behavior<Command> create(ProxyTarget target, Dependencies dependencies) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      ManifestManager manager = new ManifestManager(context, timers, target, dependencies);
      // A new or restarted manager reports nothing served yet, unlike the one it may replace.
      dependencies.statusChanges().changed();
      timers.startTimerWithFixedDelay(
          RefreshEndpoints.INSTANCE, RefreshEndpoints.INSTANCE, dependencies.endpointRefreshInterval());
      manager.read();
      return manager;
    }));
  }

  private final TimerScheduler<Command> timers;
  private final ProxyTarget target;
  private final Dependencies deps;
  private ProxySnapshot served;
  private ProxyConfigItem servedItem;
  private long buildingGeneration = -1;
  private String buildingHash = "";
  /** The newest version the watcher told of that has not been read yet. */
  private Optional<ProxyConfigVersion> wanted = Optional.empty();
  private boolean reading;
  private boolean changedWhileReading;
  private int staleReads;
  private final Map<Long, Map<String, StreamStatus>> streams = new HashMap<>();
  private Optional<Duration> convergence = Optional.empty();
  private Optional<java.time.Instant> convergedAt = Optional.empty();
  /** When the change being read and built was told, for the queue-time metric; null when none waits. */
  private java.time.Instant changeToldAt;
  private final NackLog nackLog = new NackLog();
  private final ActorRef<CertificateManager.SecretChanged> secretChanges;
  private Set<SecretKey> subscribedSecrets = Set.of();

  private ManifestManager(
      ActorContext<Command> context, TimerScheduler<Command> timers, ProxyTarget target, Dependencies deps) {
    super(context);
    this.timers = timers;
    this.target = target;
    this.deps = deps;
    this.secretChanges = context.messageAdapter(CertificateManager.SecretChanged.class, c -> SecretsChanged.INSTANCE);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(ItemRead.class, this::onItemRead)
        .onMessage(ReadFailed.class, this::onReadFailed)
        .onMessageEquals(RetryRead.INSTANCE, () -> {
          read();
          return this;
        })
        .onMessageEquals(SecretsChanged.INSTANCE, this::rebuildServed)
        .onMessageEquals(RefreshEndpoints.INSTANCE, this::refreshEndpoints)
        .onMessage(ConfigChanged.class, this::onConfigChanged)
        .onMessage(Built.class, this::onBuilt)
        .onMessage(Refreshed.class, this::onRefreshed)
        .onMessage(BuildFailed.class, this::onBuildFailed)
        .onMessage(StreamAcked.class, this::onAcked)
        .onMessage(StreamNacked.class, nacked -> {
          deps.metrics().nacked(nacked.typeUrl());
          // The client keeps what it last accepted: a delta NACK names only the rejected nonce.
          Map<String, StreamStatus> statuses = streamStatuses(nacked.streamId());
          StreamStatus before = statuses.get(nacked.typeUrl());
          String kept = before == null ? nacked.keptVersion() : before.ackedVersion();
          statuses.put(nacked.typeUrl(), StreamStatus.nacked(kept, nacked.error()));
          nackLog.line(target.toString(), nacked.streamId(), nacked.typeUrl(), nacked.error(), deps.clock().instant())
              .ifPresent(line -> getContext().getLog().warn(line));
          return this;
        })
        .onMessage(StreamClosed.class, closed -> {
          streams.remove(closed.streamId());
          return this;
        })
        .onMessage(GetStatus.class, get -> {
          get.replyTo().tell(status());
          return this;
        })
        .onSignal(PostStop.class, stop -> {
          deps.cache().clearSnapshot(target);
          deps.builder().secrets().unsubscribe(secretChanges);
          return this;
        })
        .build();
  }

  /** Builds the served item again: its endpoints or secrets may have moved since. */
  private Behavior<Command> rebuildServed() {
    if (servedItem != null) {
      startBuild(servedItem);
    }
    return this;
  }

  /** Looks the served config's endpoints up again; a new snapshot only when they moved. */
  private Behavior<Command> refreshEndpoints() {
    if (served != null) {
      ProxySnapshot current = served;
      ProxyConfigItem item = servedItem;
      getContext().pipeToSelf(
          CompletableFuture.supplyAsync(() -> deps.builder().refreshEndpoints(item, target.variant(), current),
              deps.blockingExecutor()),
          (snapshot, failure) -> failure == null
              ? new Refreshed(current, new Built(item, snapshot))
              : new BuildFailed(item, failure));
    }
    return this;
  }

  private Behavior<Command> onRefreshed(Refreshed refreshed) {
    // Unchanged endpoints: nothing to set. A snapshot served since (a new item, a secret) was built
    // with endpoints looked up then; the next refresh starts from it.
    if (refreshed.built().snapshot() == refreshed.from() || refreshed.from() != served) {
      return this;
    }
    return onBuilt(refreshed.built());
  }

  private Behavior<Command> onConfigChanged(ConfigChanged changed) {
    ProxyConfigVersion version = changed.version();
    long current = Math.max(buildingGeneration, served == null ? -1 : served.generation());
    if (version.generation() < current || version.contentHash().equals(buildingHash)) {
      return this;
    }
    if (wanted.isEmpty() || version.generation() >= wanted.get().generation()) {
      wanted = Optional.of(version);
    }
    staleReads = 0;
    if (changeToldAt == null) {
      changeToldAt = deps.clock().instant();
    }
    changedWhileReading = reading;
    read();
    return this;
  }

  private void read() {
    if (reading) {
      // The read under way answers too; onItemRead reads again if it comes back older than wanted.
      return;
    }
    reading = true;
    getContext().pipeToSelf(
        CompletableFuture.supplyAsync(() -> deps.store().get(target.key()), deps.blockingExecutor()),
        (item, failure) -> failure == null ? new ItemRead(item) : new ReadFailed(failure));
  }

  private Behavior<Command> onItemRead(ItemRead read) {
    reading = false;
    if (read.item().isEmpty()) {
      // The proxy was deleted; its connections keep what they have rather than an empty config.
      getContext().getLog().info("{} has no config item; keeping the last snapshot", target);
    } else {
      build(read.item().get());
    }
    long readGeneration = read.item().map(ProxyConfigItem::generation).orElse(-1L);
    boolean toldDuringRead = changedWhileReading;
    changedWhileReading = false;
    if (wanted.isPresent() && readGeneration < wanted.get().generation() && staleReads++ < STALE_READ_RETRIES) {
      if (toldDuringRead) {
        // The read started before the change was told: read the newer item now.
        read();
      } else {
        // Older than what was listed: an eventually consistent read behind the index; try again soon.
        timers.startSingleTimer(RetryRead.INSTANCE, RetryRead.INSTANCE, deps.readRetryInterval());
      }
    } else {
      wanted = Optional.empty();
    }
    return this;
  }

  private Behavior<Command> onReadFailed(ReadFailed failed) {
    reading = false;
    deps.metrics().configReadFailed();
    getContext().getLog().warn("{}: config store read failed, keeping the last snapshot: {}", target,
        failed.cause().toString());
    timers.startSingleTimer(RetryRead.INSTANCE, RetryRead.INSTANCE, deps.readRetryInterval());
    return this;
  }

  private void build(ProxyConfigItem item) {
    long current = Math.max(buildingGeneration, served == null ? -1 : served.generation());
    boolean sameAsBuilding = item.contentHash().equals(buildingHash);
    if (item.generation() < current || sameAsBuilding) {
      if (served != null && served.contentHash().equals(item.contentHash())) {
        changeToldAt = null; // nothing new to push: no queue time to record
      }
      return;
    }
    buildingGeneration = item.generation();
    buildingHash = item.contentHash();
    startBuild(item);
  }

  private void startBuild(ProxyConfigItem item) {
    ProxySnapshot previous = served;
    getContext().pipeToSelf(
        CompletableFuture.supplyAsync(() -> deps.builder().build(item, target.variant(), previous),
            deps.blockingExecutor()),
        (snapshot, failure) -> failure == null ? new Built(item, snapshot) : new BuildFailed(item, failure));
  }

  private Behavior<Command> onBuilt(Built built) {
    deps.metrics().snapshotBuilt(true);
    if (served != null && built.snapshot().generation() < served.generation()) {
      return this;
    }
    if (served == null || !built.item().contentHash().equals(served.contentHash())) {
      convergence = Optional.empty();
      convergedAt = Optional.empty();
    }
    if (changeToldAt != null) {
      deps.metrics().queued(Duration.between(changeToldAt, deps.clock().instant()));
      changeToldAt = null;
    }
    served = built.snapshot();
    servedItem = built.item();
    deps.cache().setSnapshot(target, served.snapshot());
    deps.statusChanges().changed();
    if (!served.secretKeys().equals(subscribedSecrets)) {
      subscribedSecrets = served.secretKeys();
      deps.builder().secrets().subscribe(secretChanges, subscribedSecrets);
    }
    return this;
  }

  private Behavior<Command> onBuildFailed(BuildFailed failed) {
    deps.metrics().snapshotBuilt(false);
    getContext().getLog().error("{}: config generation {} cannot be served, keeping the last snapshot", target,
        failed.item().generation(), failed.cause());
    if (failed.item().contentHash().equals(buildingHash)) {
      // Let a rewrite of the same content be tried again.
      buildingHash = "";
    }
    return this;
  }

  private Behavior<Command> onAcked(StreamAcked acked) {
    streamStatuses(acked.streamId()).put(acked.typeUrl(), StreamStatus.acked(acked.version()));
    deps.metrics().acked(acked.typeUrl());
    if (served != null && convergence.isEmpty() && acked.version().equals(servedVersion(acked.typeUrl()))) {
      convergedAt = Optional.of(deps.clock().instant());
      convergence = Optional.of(Duration.between(served.journalCommitTime(), convergedAt.get()));
      deps.metrics().converged(target, convergence.get());
      deps.statusChanges().changed();
    }
    return this;
  }

  private String servedVersion(String typeUrl) {
    Resources.ResourceType type = Resources.TYPE_URLS_TO_RESOURCE_TYPE.get(typeUrl);
    return type == null ? "" : served.snapshot().version(type);
  }

  private Map<String, StreamStatus> streamStatuses(long streamId) {
    return streams.computeIfAbsent(streamId, id -> new HashMap<>());
  }

  private Status status() {
    Map<Long, Map<String, StreamStatus>> copy = new HashMap<>();
    streams.forEach((id, types) -> copy.put(id, Map.copyOf(types)));
    return new Status(
        served == null ? -1 : served.generation(),
        Optional.ofNullable(served).map(ProxySnapshot::contentHash),
        Map.copyOf(copy),
        convergence,
        Optional.ofNullable(servedItem),
        convergedAt);
  }
}
