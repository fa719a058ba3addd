package dev.meshplane.transformer.synth;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import dev.meshplane.transformer.synth.resolve.ConnectionLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Collects the resources of one proxy while it is synthesized, keyed by name so the result comes
 * out sorted; a second, different resource under a taken name is refused with a warning (the
 * first one, in name order of what produced it, wins).
 *
 * <p>A piece several proxies share (see {@link SharedPieces}) is built once into a recording
 * instance, which keeps the calls made on it in order and replays them into each proxy's own
 * instance: every proxy receives exactly the calls it would have received building the piece itself.
 */
public final class ProxyResources {
  private final String key;
  private final ProxyKind kind;
  private final SynthesisOptions options;
  // Hash maps, sorted by name once in build(): a proxy takes the same resource many times over
  // (each route to a target adds its cluster), so lookups are what counts.
  private final Map<String, Listener> listeners = new HashMap<>();
  private final Map<String, RouteConfiguration> routes = new HashMap<>();
  private final Map<String, Cluster> clusters = new HashMap<>();
  private final Map<String, ClusterLoadAssignment> assignments = new HashMap<>();
  private final Map<String, EndpointResolution> resolutions = new HashMap<>();
  private final Map<String, SecretReference> secrets = new HashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private ConnectionLimits upstreamLimits = ConnectionLimits.APP_MESH_DEFAULT;
  private final SharedPieces shared;
  /** Non-null in a recording instance: the calls made on it, to replay into a proxy's instance. */
  private final List<Consumer<ProxyResources>> recorded;

  public ProxyResources(String key, ProxyKind kind, SynthesisOptions options, List<String> warnings) {
    this(key, kind, options, warnings, SharedPieces.NONE);
  }

  public ProxyResources(
      String key, ProxyKind kind, SynthesisOptions options, List<String> warnings, SharedPieces shared) {
    this(key, kind, options, warnings, shared, null);
  }

  private ProxyResources(String key, ProxyKind kind, SynthesisOptions options, List<String> warnings,
      SharedPieces shared, List<Consumer<ProxyResources>> recorded) {
    this.key = key;
    this.kind = kind;
    this.options = options;
    this.warnings.addAll(warnings);
    this.shared = shared;
    this.recorded = recorded;
  }

  /** The pieces shared with the other proxies of this synthesis pass. */
  public SharedPieces shared() {
    return shared;
  }

  /** An instance that answers as this one does (kind, options, limits) and records what is added to it. */
  ProxyResources recording() {
    ProxyResources recording = new ProxyResources(key, kind, options, List.of(), shared, new ArrayList<>());
    recording.upstreamLimits = upstreamLimits;
    return recording;
  }

  /** Makes on {@code into} the calls made on this recording instance, in their order. */
  void replayInto(ProxyResources into) {
    recorded.forEach(call -> call.accept(into));
  }

  private boolean recorded(Consumer<ProxyResources> call) {
    if (recorded == null) {
      return false;
    }
    recorded.add(call);
    return true;
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
    if (recorded(into -> into.add(listener))) {
      return;
    }
    put(listeners, listener.getName(), listener, "listener");
  }

  public void add(RouteConfiguration routeConfiguration) {
    if (recorded(into -> into.add(routeConfiguration))) {
      return;
    }
    put(routes, routeConfiguration.getName(), routeConfiguration, "route configuration");
  }

  public void add(Cluster cluster) {
    if (recorded(into -> into.add(cluster))) {
      return;
    }
    put(clusters, cluster.getName(), cluster, "cluster");
  }

  public void add(ClusterLoadAssignment assignment) {
    if (recorded(into -> into.add(assignment))) {
      return;
    }
    put(assignments, assignment.getClusterName(), assignment, "cluster load assignment");
  }

  public void add(EndpointResolution resolution) {
    if (recorded(into -> into.add(resolution))) {
      return;
    }
    put(resolutions, resolution.clusterName(), resolution, "endpoint resolution");
  }

  public void add(SecretReference secret) {
    if (recorded(into -> into.add(secret))) {
      return;
    }
    put(secrets, secret.name(), secret, "secret");
  }

  public void warn(String warning) {
    if (recorded(into -> into.warn(warning))) {
      return;
    }
    warnings.add(key + ": " + warning);
  }

  public ProxyConfig build() {
    return new ProxyConfig(
        key,
        kind,
        byName(listeners),
        byName(routes),
        byName(clusters),
        byName(assignments),
        byName(resolutions),
        byName(secrets),
        warnings);
  }

  private static <T> List<T> byName(Map<String, T> resources) {
    return resources.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
  }

  private <T> void put(Map<String, T> into, String name, T value, String what) {
    T existing = into.putIfAbsent(name, value);
    if (existing != null && !existing.equals(value)) {
      warn("two different " + what + "s named " + name + "; kept the first");
    }
  }
}
