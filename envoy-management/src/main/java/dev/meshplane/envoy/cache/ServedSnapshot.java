package dev.meshplane.envoy.cache;

import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a group's state-of-the-world watches are answered with: its snapshot, plus the clusters an
 * earlier snapshot had that the listeners and routes the proxies still hold may send traffic to.
 *
 * <p>Make before break, as the xDS protocol asks of a server: new listeners and routes are sent
 * after the clusters they need (the cache answers clusters first), and a cluster they no longer use
 * is removed only once the proxy has applied them. Removing it with the new clusters, before the
 * new routes arrive, makes the proxy route to a cluster it just deleted (failed calls during a
 * route change).
 *
 * @param retainedClusters clusters of earlier snapshots not in this one
 * @param awaitingAck which of listeners and routes changed and are not yet ACKed at this
 *     snapshot's version; the retained clusters go when none is left
 */
record ServedSnapshot(Snapshot snapshot, Map<String, Message> retainedClusters, Set<ResourceType> awaitingAck) {
  private static final List<ResourceType> REFERRING_TO_CLUSTERS = List.of(ResourceType.LISTENER, ResourceType.ROUTE);

  static ServedSnapshot of(Snapshot snapshot) {
    return new ServedSnapshot(snapshot, Map.of(), Set.of());
  }

  /**
   * Serves {@code next} after this: the clusters it drops stay until its changed listeners and
   * routes are ACKed, of the types the proxies {@code watched} (a type no proxy asks for is never
   * ACKed, and is not waited for).
   */
  ServedSnapshot then(Snapshot next, Set<ResourceType> watched) {
    Set<ResourceType> awaiting = EnumSet.noneOf(ResourceType.class);
    awaiting.addAll(awaitingAck);
    for (ResourceType type : REFERRING_TO_CLUSTERS) {
      if (watched.contains(type) && !next.version(type).equals(snapshot.version(type))) {
        awaiting.add(type);
      }
    }
    if (awaiting.isEmpty()) {
      // Nothing refers to clusters differently: the common case costs no copy of the clusters.
      return of(next);
    }
    Map<String, Message> retained = new LinkedHashMap<>(retainedClusters);
    snapshot.resources(ResourceType.CLUSTER).forEach(retained::put);
    retained.keySet().removeAll(next.resources(ResourceType.CLUSTER).keySet());
    if (retained.isEmpty()) {
      return of(next);
    }
    return new ServedSnapshot(next, Collections.unmodifiableMap(retained), Set.copyOf(awaiting));
  }

  /** After a proxy ACKed {@code version} of {@code type}: the same, less what that ACK settles. */
  ServedSnapshot acked(ResourceType type, String version) {
    if (!awaitingAck.contains(type) || !version.equals(snapshot.version(type))) {
      return this;
    }
    Set<ResourceType> awaiting = EnumSet.noneOf(ResourceType.class);
    awaiting.addAll(awaitingAck);
    awaiting.remove(type);
    return awaiting.isEmpty() ? of(snapshot) : new ServedSnapshot(snapshot, retainedClusters, Set.copyOf(awaiting));
  }

  String version(ResourceType type) {
    String version = snapshot.version(type);
    if (type != ResourceType.CLUSTER || retainedClusters.isEmpty()) {
      return version;
    }
    // Another version than the snapshot's, so the proxy is answered again once the retained go.
    return version + "+retained-" + Integer.toHexString(retainedClusters.keySet().hashCode());
  }

  Map<String, ? extends Message> resources(ResourceType type) {
    Map<String, ? extends Message> resources = snapshot.resources(type);
    if (type != ResourceType.CLUSTER || retainedClusters.isEmpty()) {
      return resources;
    }
    Map<String, Message> clusters = new LinkedHashMap<>(resources);
    retainedClusters.forEach(clusters::putIfAbsent);
    return clusters;
  }
}
