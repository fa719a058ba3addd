package dev.meshplane.transformer.synth;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.List;

/**
 * The synthesized xDS resources of one proxy, each list sorted by resource name so equal meshes
 * give byte-identical configs.
 *
 * @param key {@code mesh/<mesh>/virtualNode/<name>} or {@code mesh/<mesh>/virtualGateway/<name>}
 * @param clusterLoadAssignments only for targets whose DNS hostname is a literal IP
 * @param endpointResolutions what the management service resolves for the other EDS clusters
 * @param warnings references left out (dangling, unsupported for this kind), for operators
 */
public record ProxyConfig(
    String key,
    ProxyKind kind,
    List<Listener> listeners,
    List<RouteConfiguration> routeConfigurations,
    List<Cluster> clusters,
    List<ClusterLoadAssignment> clusterLoadAssignments,
    List<EndpointResolution> endpointResolutions,
    List<SecretReference> secrets,
    List<String> warnings) {

  public ProxyConfig {
    listeners = List.copyOf(listeners);
    routeConfigurations = List.copyOf(routeConfigurations);
    clusters = List.copyOf(clusters);
    clusterLoadAssignments = List.copyOf(clusterLoadAssignments);
    endpointResolutions = List.copyOf(endpointResolutions);
    secrets = List.copyOf(secrets);
    warnings = List.copyOf(warnings);
  }
}
