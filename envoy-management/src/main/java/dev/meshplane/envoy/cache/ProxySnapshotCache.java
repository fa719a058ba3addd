package dev.meshplane.envoy.cache;

import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.NodeGroup;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.WatchCancelledException;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * Snapshots by node group, answering state-of-the-world watches with what exists.
 *
 * <p>java-control-plane's SimpleCache holds back a whole state-of-the-world response while any
 * requested name is missing; a gRPC client asking for one unknown service would then get nothing.
 * Here a request is answered with the requested resources that exist, and a client that NACKed is
 * not sent the same version again (it waits for the next snapshot). Delta watches already answer
 * with what exists in SimpleCache, so they are delegated to one kept in step.
 *
 * <p>Each group has its own lock: setting one proxy's snapshot (and answering its streams) never
 * waits for another's, so many managers fan a change out in parallel.
 */
public final class ProxySnapshotCache<G> implements ConfigWatcher {

  private record OpenWatch(Watch watch, Set<String> knownNames) {}

  /** One group's served snapshot and open watches, guarded by the group's own monitor. */
  private static final class GroupState {
    ServedSnapshot served;
    final Set<OpenWatch> watches = new LinkedHashSet<>();
  }

  private final NodeGroup<G> groups;
  private final SimpleCache<G> deltaCache;
  /** Kept once made (a group is a proxy and variant, bounded by the proxies in the store). */
  private final ConcurrentMap<G, GroupState> states = new ConcurrentHashMap<>();

  public ProxySnapshotCache(NodeGroup<G> groups) {
    this.groups = groups;
    this.deltaCache = new SimpleCache<>(groups);
  }

  public Optional<Snapshot> snapshot(G group) {
    GroupState state = states.get(group);
    if (state == null) {
      return Optional.empty();
    }
    synchronized (state) {
      return Optional.ofNullable(state.served).map(ServedSnapshot::snapshot);
    }
  }

  private GroupState state(G group) {
    return states.computeIfAbsent(group, g -> new GroupState());
  }

  /**
   * Replaces the group's snapshot and answers every open watch it changes something for. Clusters
   * the new routes no longer use are still served until a proxy applied those routes ({@link ServedSnapshot}).
   */
  public void setSnapshot(G group, Snapshot snapshot) {
    GroupState state = state(group);
    synchronized (state) {
      ServedSnapshot previous = state.served;
      state.served = previous == null ? ServedSnapshot.of(snapshot) : previous.then(snapshot, watchedTypes(state));
      answerOpenWatches(state);
    }
    deltaCache.setSnapshot(group, snapshot);
  }

  /** The types the group's proxies wait on now (a proxy that ACKed a type waits on it). */
  private static Set<ResourceType> watchedTypes(GroupState state) {
    Set<ResourceType> types = EnumSet.noneOf(ResourceType.class);
    for (OpenWatch open : state.watches) {
      if (!open.watch().isCancelled() && open.watch().request().getResourceType() != null) {
        types.add(open.watch().request().getResourceType());
      }
    }
    return types;
  }

  private static void answerOpenWatches(GroupState state) {
    ServedSnapshot served = state.served;
    Set<OpenWatch> watches = state.watches;
    // Clusters and endpoints before listeners and routes, so an Envoy never routes to a
    // cluster it does not know yet.
    List<OpenWatch> inOrder = new ArrayList<>(watches);
    inOrder.sort(Comparator.comparingInt(
        open -> Resources.RESOURCE_TYPES_IN_ORDER.indexOf(open.watch().request().getResourceType())));
    List<OpenWatch> answered = new ArrayList<>();
    for (OpenWatch open : inOrder) {
      if (open.watch().isCancelled() || answerIfChanged(open.watch(), served, open.knownNames(), Trigger.SNAPSHOT)) {
        answered.add(open);
      }
    }
    answered.forEach(watches::remove);
  }

  /** Forgets the group (its last connection is gone); open watches stay open. */
  public void clearSnapshot(G group) {
    GroupState state = states.get(group);
    if (state != null) {
      synchronized (state) {
        state.served = null;
      }
    }
    deltaCache.clearSnapshot(group);
  }

  @Override
  public Watch createWatch(
      boolean ads,
      XdsRequest request,
      Set<String> knownResourceNames,
      Consumer<Response> responseConsumer,
      boolean hasClusterChanged,
      boolean allowDefaultEmptyEdsUpdate) {
    G group = groups.hash(request.v3Request().getNode());
    Watch watch = new Watch(ads, allowDefaultEmptyEdsUpdate, request, responseConsumer);
    OpenWatch open = new OpenWatch(watch, Set.copyOf(knownResourceNames));
    GroupState state = state(group);
    synchronized (state) {
      ServedSnapshot served = state.served;
      if (served != null && !request.hasErrorDetail() && request.getResourceType() != null) {
        ServedSnapshot settled = served.acked(request.getResourceType(), request.getVersionInfo());
        if (settled != served) {
          // The proxy applied the new listeners or routes: clusters they no longer use may go now.
          served = settled;
          state.served = served;
          answerOpenWatches(state);
        }
      }
      if (served != null && answerIfChanged(watch, served, open.knownNames(), Trigger.REQUEST)) {
        return watch;
      }
      state.watches.add(open);
      watch.setStop(() -> {
        synchronized (state) {
          state.watches.remove(open);
        }
      });
    }
    return watch;
  }

  @Override
  public DeltaWatch createDeltaWatch(
      DeltaXdsRequest request,
      String requesterVersion,
      Map<String, String> resourceVersions,
      Set<String> pendingResources,
      boolean isWildcard,
      Consumer<DeltaResponse> responseConsumer,
      boolean hasClusterChanged) {
    return deltaCache.createDeltaWatch(
        request, requesterVersion, resourceVersions, pendingResources, isWildcard, responseConsumer, hasClusterChanged);
  }

  private enum Trigger { REQUEST, SNAPSHOT }

  /** Answers the watch when the client lacks something of this snapshot; true when answered. */
  private static boolean answerIfChanged(Watch watch, ServedSnapshot snapshot, Set<String> knownNames, Trigger trigger) {
    XdsRequest request = watch.request();
    ResourceType type = request.getResourceType();
    if (type == null) {
      // Unserved types are refused before a watch is made (RequestScreening); never answer one.
      return false;
    }
    String version = snapshot.version(type);
    if (trigger == Trigger.REQUEST && request.hasErrorDetail()) {
      // A NACK: sending the same version again would loop; wait for the next snapshot.
      return false;
    }
    boolean newVersion = !version.equals(request.getVersionInfo());
    if (!newVersion && request.v3Request().getResponseNonce().isEmpty()) {
      // A stream's first request naming the version the proxy holds (it reconnected, maybe to
      // another server: versions are content hashes, the same everywhere): it has all of it.
      return false;
    }
    Collection<? extends Message> resources = requested(snapshot, request);
    boolean unsentName = resources.stream()
        .anyMatch(r -> !knownNames.contains(Resources.getResourceName(r)));
    if (!newVersion && !unsentName) {
      return false;
    }
    try {
      watch.respond(Response.create(request, resources, version));
    } catch (WatchCancelledException e) {
      // The stream moved on; its newer request carries its own watch.
    }
    return true;
  }

  /**
   * The requested resources that exist; every resource of the type for a wildcard request. An empty
   * name list is a wildcard for listeners and clusters only (the protocol's legacy wildcard); for
   * routes, endpoints and secrets it asks for nothing: a gRPC client that drops its last endpoint
   * subscription sends one, and answering it with every assignment would make the server believe
   * the client holds names it discarded, and never resend them when it subscribes again.
   */
  private static Collection<? extends Message> requested(ServedSnapshot snapshot, XdsRequest request) {
    ResourceType type = request.getResourceType();
    Map<String, ? extends Message> all = snapshot.resources(type);
    List<String> names = request.getResourceNamesList();
    boolean legacyWildcard = names.isEmpty() && (type == ResourceType.LISTENER || type == ResourceType.CLUSTER);
    if (legacyWildcard || names.contains("*")) {
      return all.values();
    }
    List<Message> found = new ArrayList<>();
    for (String name : new LinkedHashSet<>(names)) {
      Message resource = all.get(name);
      if (resource != null) {
        found.add(resource);
      }
    }
    return found;
  }
}
