package dev.meshplane.envoy.status;

import dev.meshplane.configstore.ProxyStatusEntry;
import dev.meshplane.configstore.ProxyStatusStore;
import dev.meshplane.envoy.actors.ConnectionManager;
import dev.meshplane.envoy.actors.ManifestManager;
import dev.meshplane.envoy.actors.StatusChanges;
import dev.meshplane.envoy.node.ProxyTarget;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this instance's proxies to the {@link ProxyStatusStore} every {@code interval}: a
 * heartbeat (expiring after {@code ttl}), each stream's status and each proxy's served item, each
 * written only when it changed, and deletes of streams that closed and proxies no longer served;
 * a round's changed entries go to the store in one call and its deletes in another (on SQLite one
 * transaction each, not one per entry). A failed write is logged and retried on the next round.
 * A round after a complete one, with neither the board nor any manager's status changed since,
 * writes the heartbeat only: an idle instance does no work per stream or per proxy.
 */
public final class ProxyStatusPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyStatusPublisher.class);

  /** How often to publish and how long a heartbeat counts: a dead instance's proxies vanish after {@code ttl}. */
  public record Settings(String instance, Duration interval, Duration ttl) {
    public static Settings defaults(String instance) {
      return new Settings(instance, Duration.ofSeconds(2), Duration.ofSeconds(15));
    }
  }

  private final ProxyStatusStore store;
  private final ProxyStatusBoard board;
  private final ActorSystem<ConnectionManager.Command> connections;
  private final StatusChanges managerChanges;
  private final Settings settings;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  /** What is in the store now, by entry id. */
  private final Map<String, ProxyStatusEntry> published = new HashMap<>();
  private final StatusEntryMemo entries = new StatusEntryMemo();
  /** What the last round was made from, when it completed (every write done, every manager answered). */
  private Optional<Versions> lastComplete = Optional.empty();

  /** The board's and the managers' change counts, read before the state they count. */
  private record Versions(long board, long managers) {}

  /** {@code managerChanges}: the counter the managers behind {@code connections} move. */
  public ProxyStatusPublisher(ProxyStatusStore store, ProxyStatusBoard board,
      ActorSystem<ConnectionManager.Command> connections, StatusChanges managerChanges, Settings settings,
      Clock clock) {
    this.store = store;
    this.board = board;
    this.connections = connections;
    this.managerChanges = managerChanges;
    this.settings = settings;
    this.clock = clock;
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "proxy-status-publisher");
      thread.setDaemon(true);
      return thread;
    });
  }

  public ProxyStatusPublisher start() {
    timer.scheduleWithFixedDelay(this::publishQuietly, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void publishQuietly() {
    try {
      publish();
    } catch (RuntimeException e) {
      LOG.warn("Proxy status not published (retried in {}): {}", settings.interval(), e.toString());
    }
  }

  /** One round: heartbeat, changed entries, deletes. */
  synchronized void publish() {
    store.heartbeat(settings.instance(), clock.instant().plus(settings.ttl()));
    Versions versions = new Versions(board.version(), managerChanges.count());
    if (lastComplete.equals(Optional.of(versions))) {
      return;
    }
    lastComplete = Optional.empty();
    var streams = board.streams();
    Map<ProxyTarget, Optional<ManifestManager.Status>> managers = statuses(
        streams.stream().map(ConnectedStream::target).distinct().toList());
    Map<String, ProxyStatusEntry> current = new LinkedHashMap<>();
    for (ConnectedStream stream : streams) {
      String id = "stream/" + stream.streamId();
      var inputs = new StatusDocuments.StreamInputs(
          stream, managers.get(stream.target()).map(StatusDocuments.ManagerFacts::of));
      current.put(id, entries.entry(id, inputs, () -> entry(id, stream.target(), ProxyStatusEntry.STREAM,
          StatusDocuments.stream(settings.instance(), inputs))));
    }
    managers.forEach((target, status) -> status.flatMap(ManifestManager.Status::servedItem).ifPresent(item -> {
      String id = "served/" + target.key() + "/" + target.variant();
      // The item itself is the input (its payload compared by value): one Base64 encoding per served item.
      current.put(id, entries.entry(id, item, () -> entry(id, target, ProxyStatusEntry.SERVED,
          StatusDocuments.served(settings.instance(), target, item))));
    }));
    entries.retainOnly(current.keySet());
    write(current.values().stream().filter(entry -> !entry.equals(published.get(entry.id()))).toList());
    List<ProxyStatusEntry> gone = published.values().stream().filter(entry -> !current.containsKey(entry.id())).toList();
    if (!gone.isEmpty()) {
      store.deleteAll(gone);
      gone.forEach(entry -> published.remove(entry.id()));
    }
    if (managers.values().stream().allMatch(Optional::isPresent)) {
      lastComplete = Optional.of(versions);
    }
  }

  /**
   * One store call for the round's changed entries. When it fails, some of them may be stored and
   * some not: each is remembered as present with a document no entry has, so the next round writes
   * it again whatever it then is, and deletes it if it is gone.
   */
  private void write(List<ProxyStatusEntry> changed) {
    if (changed.isEmpty()) {
      return;
    }
    try {
      store.putAll(changed);
    } catch (RuntimeException e) {
      changed.forEach(entry -> published.put(entry.id(), unknownDocument(entry)));
      throw e;
    }
    changed.forEach(entry -> published.put(entry.id(), entry));
  }

  /**
   * The entry as remembered when what the store holds of it is not known: present, so deleted when
   * gone, and with an empty document, which no entry made has, so written again.
   */
  private static ProxyStatusEntry unknownDocument(ProxyStatusEntry entry) {
    return new ProxyStatusEntry(entry.instance(), entry.id(), entry.mesh(), entry.proxyKey(), entry.kind(), "");
  }

  private ProxyStatusEntry entry(String id, ProxyTarget target, String kind, String document) {
    return new ProxyStatusEntry(settings.instance(), id, target.mesh(), target.key(), kind, document);
  }

  /** Asks every manager at once; one that does not answer in time (stopping, busy) has no status this round. */
  private Map<ProxyTarget, Optional<ManifestManager.Status>> statuses(List<ProxyTarget> targets) {
    Map<ProxyTarget, CompletableFuture<ManifestManager.Status>> asks = targets.stream().collect(Collectors.toMap(
        Function.identity(),
        target -> AskPattern.<ConnectionManager.Command, ManifestManager.Status>ask(connections,
            replyTo -> new ConnectionManager.GetProxyStatus(target, replyTo), Duration.ofSeconds(2),
            connections.scheduler()).toCompletableFuture()));
    Map<ProxyTarget, Optional<ManifestManager.Status>> answers = new HashMap<>();
    asks.forEach((target, ask) -> {
      try {
        answers.put(target, Optional.of(ask.get(3, TimeUnit.SECONDS)));
      } catch (Exception e) {
        answers.put(target, Optional.empty());
      }
    });
    return answers;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
      store.removeInstance(settings.instance());
      store.deleteAll(List.copyOf(published.values()));
      published.clear();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("Proxy status of {} not removed (it expires): {}", settings.instance(), e.toString());
    }
  }
}
