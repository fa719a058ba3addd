package dev.meshplane.transformer.synth;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import dev.meshplane.transformer.synth.resolve.ConnectionLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Collects the resources of one proxy while it is synthesized, keyed by name so the result comes
 * out sorted; a second, different resource under a taken name is refused with a warning (the
 * first one, in name order of what produced it, wins).
 */
public final class ProxyResources {
  private final String key;
  private final ProxyKind kind;
  private final SynthesisOptions options;
  private final SortedMap<String, Listener> listeners = new TreeMap<>();
  private final SortedMap<String, RouteConfiguration> routes = new TreeMap<>();
  private final SortedMap<String, Cluster> clusters = new TreeMap<>();
  private final SortedMap<String, ClusterLoadAssignment> assignments = new TreeMap<>();
  private final SortedMap<String, EndpointResolution> resolutions = new TreeMap<>();
  private final SortedMap<String, SecretReference> secrets = new TreeMap<>();
  private final List<String> warnings = new ArrayList<>();
  private ConnectionLimits upstreamLimits = ConnectionLimits.APP_MESH_DEFAULT;

  public ProxyResources(String key, ProxyKind kind, SynthesisOptions options, List<String> warnings) {
    this.key = key;
    this.kind = kind;
    this.options = options;
    this.warnings.addAll(warnings);
  }

  public ProxyKind kind() {
    return kind;
  }

  public SynthesisOptions options() {
    return options;
  }

  /** Circuit breakers for the upstream clusters this proxy calls (a gateway's pools lower them). */
  public ConnectionLimits upstreamLimits() {
    return upstreamLimits;
  }

  public void upstreamLimits(ConnectionLimits limits) {
    this.upstreamLimits = limits;
  }

  public void add(Listener listener) {
    put(listeners, listener.getName(), listener, "listener");
  }

  public void add(RouteConfiguration routeConfiguration) {
    put(routes, routeConfiguration.getName(), routeConfiguration, "route configuration");
  }

  public void add(Cluster cluster) {
    put(clusters, cluster.getName(), cluster, "cluster");
  }

  public void add(ClusterLoadAssignment assignment) {
    put(assignments, assignment.getClusterName(), assignment, "cluster load assignment");
  }

  public void add(EndpointResolution resolution) {
    put(resolutions, resolution.clusterName(), resolution, "endpoint resolution");
  }

  public void add(SecretReference secret) {
    put(secrets, secret.name(), secret, "secret");
  }

  public void warn(String warning) {
    warnings.add(key + ": " + warning);
  }

  public ProxyConfig build() {
    return new ProxyConfig(
        key,
        kind,
        List.copyOf(listeners.values()),
        List.copyOf(routes.values()),
        List.copyOf(clusters.values()),
        List.copyOf(assignments.values()),
        List.copyOf(resolutions.values()),
        List.copyOf(secrets.values()),
        warnings);
  }

  private <T> void put(SortedMap<String, T> into, String name, T value, String what) {
    T existing = into.putIfAbsent(name, value);
    if (existing != null && !existing.equals(value)) {
      warn("two different " + what + "s named " + name + "; kept the first");
    }
  }
}
