package dev.meshplane.envoy.actors;

import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ProxyConfigVersion;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Notices new config items: every poll interval it lists the item versions (generation and content
 * hash, no payloads) of each mesh that has a connected proxy (one store query per mesh, however
 * many proxies it has) and tells the managers of items whose version changed; each of those then
 * reads its one item. While nothing changes, polling reads no payload at all. A failed listing
 * changes nothing; the next poll tries again.
 *
 * <p>A {@link MeshChanged} hint (the transformer committed items of that mesh) lists the mesh at
 * once: event-driven in the common case, with the poll kept as the safety net that repairs a lost
 * hint. A hint that arrives while the mesh is being listed lists it again when that listing ends
 * (the listing under way may predate the commit), so a burst of hints costs at most two listings.
 */
public final class ConfigStoreWatcher extends AbstractBehavior<ConfigStoreWatcher.Command> {

  public sealed interface Command {}

  public record Watch(String mesh, String key, ActorRef<ManifestManager.Command> manager) implements Command {}

  public record Unwatch(String mesh, String key, ActorRef<ManifestManager.Command> manager) implements Command {}

  /** Items of the mesh were committed: list it now rather than at the next poll. */
  public record MeshChanged(String mesh) implements Command {}

  private enum Poll implements Command { INSTANCE }

  private record Listed(String mesh, List<ProxyConfigVersion> versions) implements Command {}

  private record ListFailed(String mesh, Throwable cause) implements Command {}

  private record Seen(long generation, String contentHash) {}

  public static Behavior<Command> create(ConfigStore store, Executor blockingExecutor, Duration pollInterval) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Poll.INSTANCE, Poll.INSTANCE, pollInterval);
      return new ConfigStoreWatcher(context, store, blockingExecutor);
    }));
  }

  private final ConfigStore store;
  private final Executor blockingExecutor;
  /** mesh → proxy key → managers. */
  private final Map<String, Map<String, Set<ActorRef<ManifestManager.Command>>>> watched = new HashMap<>();
  private final Map<String, Seen> seen = new HashMap<>();
  private final Set<String> listing = new HashSet<>();
  /** Meshes hinted while being listed: listed again when that listing ends. */
  private final Set<String> relist = new HashSet<>();

  private ConfigStoreWatcher(ActorContext<Command> context, ConfigStore store, Executor blockingExecutor) {
    super(context);
    this.store = store;
    this.blockingExecutor = blockingExecutor;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Watch.class, this::onWatch)
        .onMessage(Unwatch.class, this::onUnwatch)
        .onMessageEquals(Poll.INSTANCE, this::onPoll)
        .onMessage(MeshChanged.class, changed -> {
          if (watched.containsKey(changed.mesh()) && !list(changed.mesh())) {
            relist.add(changed.mesh());
          }
          return this;
        })
        .onMessage(Listed.class, this::onListed)
        .onMessage(ListFailed.class, failed -> {
          listingEnded(failed.mesh());
          getContext().getLog().warn("listing mesh {} failed; proxies keep their config: {}", failed.mesh(),
              failed.cause().toString());
          return this;
        })
        .build();
  }

  private Behavior<Command> onWatch(Watch watch) {
    watched.computeIfAbsent(watch.mesh(), m -> new HashMap<>())
        .computeIfAbsent(watch.key(), k -> new HashSet<>())
        .add(watch.manager());
    // A new manager reads its item itself; forgetting what was seen makes the next poll tell it too.
    seen.remove(watch.key());
    return this;
  }

  private Behavior<Command> onUnwatch(Unwatch unwatch) {
    Map<String, Set<ActorRef<ManifestManager.Command>>> keys = watched.get(unwatch.mesh());
    if (keys == null) {
      return this;
    }
    Set<ActorRef<ManifestManager.Command>> managers = keys.get(unwatch.key());
    if (managers != null) {
      managers.remove(unwatch.manager());
      if (managers.isEmpty()) {
        keys.remove(unwatch.key());
        seen.remove(unwatch.key());
      }
    }
    if (keys.isEmpty()) {
      watched.remove(unwatch.mesh());
    }
    return this;
  }

  private Behavior<Command> onPoll() {
    watched.keySet().forEach(this::list);
    return this;
  }

  /** Lists the mesh unless a listing of it is under way (then false). */
  private boolean list(String mesh) {
    // One listing per mesh at a time: a slow store is not piled up with requests.
    if (!listing.add(mesh)) {
      return false;
    }
    getContext().pipeToSelf(
        CompletableFuture.supplyAsync(() -> store.listMeshVersions(mesh), blockingExecutor),
        (versions, failure) -> failure == null ? new Listed(mesh, versions) : new ListFailed(mesh, failure));
    return true;
  }

  private void listingEnded(String mesh) {
    listing.remove(mesh);
    if (relist.remove(mesh) && watched.containsKey(mesh)) {
      list(mesh);
    }
  }

  private Behavior<Command> onListed(Listed listed) {
    listingEnded(listed.mesh());
    Map<String, Set<ActorRef<ManifestManager.Command>>> keys = watched.getOrDefault(listed.mesh(), Map.of());
    for (ProxyConfigVersion version : listed.versions()) {
      Set<ActorRef<ManifestManager.Command>> managers = keys.get(version.key());
      if (managers == null) {
        continue;
      }
      Seen now = new Seen(version.generation(), version.contentHash());
      if (!now.equals(seen.put(version.key(), now))) {
        managers.forEach(m -> m.tell(new ManifestManager.ConfigChanged(version)));
      }
    }
    return this;
  }
}
