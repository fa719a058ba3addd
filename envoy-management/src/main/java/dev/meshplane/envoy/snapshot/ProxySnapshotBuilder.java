package dev.meshplane.envoy.snapshot;

import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.envoy.node.ProxyVariant;
import dev.meshplane.model.internal.ProxyConfig;
import dev.meshplane.model.internal.StoredProxyConfig;
import dev.meshplane.transformer.output.ProxyConfigCodec;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the xDS snapshot of one proxy variant from its stored config item: the synthesized
 * listeners, routes and clusters, the item's own assignments, and assignments for the endpoints
 * it asks to resolve. Pure apart from the resolver's lookups.
 */
public final class ProxySnapshotBuilder {
  private final EndpointResolver resolver;

  public ProxySnapshotBuilder(EndpointResolver resolver) {
    this.resolver = resolver;
  }

  /**
   * Throws {@link IllegalArgumentException} when the payload does not decode or lacks the variant;
   * the caller keeps its previous snapshot then.
   */
  public ProxySnapshot build(ProxyConfigItem item, ProxyVariant variant, ProxySnapshot previous) {
    StoredProxyConfig stored = ProxyConfigCodec.decode(item.payload());
    ProxyConfig config = switch (variant) {
      case SIDECAR -> stored.getSidecar();
      case PROXYLESS_GRPC -> stored.getProxylessGrpc();
    };
    if (variant == ProxyVariant.PROXYLESS_GRPC && !stored.hasProxylessGrpc()) {
      throw new IllegalArgumentException(item.key() + " has no proxyless gRPC config");
    }
    Map<String, ClusterLoadAssignment> resolved = resolver.resolve(
        config.getEndpointResolutionsList(), previous == null ? Map.of() : previous.resolvedEndpoints());

    Map<String, ClusterLoadAssignment> assignments = new LinkedHashMap<>(resolved);
    // The synthesizer's own assignments are authoritative for their clusters.
    ProxyConfigCodec.unpack(config.getClusterLoadAssignmentsList(), ClusterLoadAssignment.class)
        .forEach(a -> assignments.put(a.getClusterName(), a));

    List<Cluster> clusters = ProxyConfigCodec.unpack(config.getClustersList(), Cluster.class);
    List<Listener> listeners = ProxyConfigCodec.unpack(config.getListenersList(), Listener.class);
    List<RouteConfiguration> routes =
        ProxyConfigCodec.unpack(config.getRouteConfigurationsList(), RouteConfiguration.class);
    List<ClusterLoadAssignment> endpoints = List.copyOf(assignments.values());
    // Secrets come from the certificate manager, which does not exist yet: none are served.
    List<Secret> secrets = List.of();

    Snapshot snapshot = new ContentVersionedSnapshot(clusters, endpoints, listeners, routes, secrets);
    return new ProxySnapshot(snapshot, item.generation(), item.contentHash(), item.journalCommitTime(), resolved);
  }
}
