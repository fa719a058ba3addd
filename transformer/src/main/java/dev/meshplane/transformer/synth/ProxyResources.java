package dev.meshplane.transformer.synth;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import dev.meshplane.transformer.synth.resolve.ConnectionLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

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
  /**
   * Non-null in a recording instance: the calls made on it, in order, to replay into a proxy's
   * instance: each a resource added or a {@link Warning}.
   */
  private final List<Object> recorded;
  /** Of a recording, once replayed: its resources each once (by identity, in first-call order), and its warnings. */
  private List<Object> distinct;
  private List<Object> warned;

  private record Warning(String text) {}

  public ProxyResources(String key, ProxyKind kind, SynthesisOptions options, List<String> warnings) {
    this(key, kind, options, warnings, SharedPieces.NONE);
  }

  public ProxyResources(
      String key, ProxyKind kind, SynthesisOptions options, List<String> warnings, SharedPieces shared) {
    this(key, kind, options, warnings, shared, null);
  }

  private ProxyResources(String key, ProxyKind kind, SynthesisOptions options, List<String> warnings,
      SharedPieces shared, List<Object> recorded) {
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

  /**
   * Makes on {@code into} the calls made on this recording instance, in their order; or, for a
   * proxy's instance, what comes to the same: a piece's recording repeats the same few resources
   * many times (every route to a target adds its cluster), and adding a resource again under its
   * name changes nothing unless it conflicts (names never get a new resource). So each resource is
   * added once, then the warnings made in order; should any resource conflict (and warn), the calls
   * are made one by one after all, as the resources already added are exactly those the calls add
   * first under their names.
   */
  void replayInto(ProxyResources into) {
    if (into.recorded != null) {
      recorded.forEach(into::apply);
      return;
    }
    if (distinct == null) {
      Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      distinct = new ArrayList<>();
      warned = new ArrayList<>();
      for (Object call : recorded) {
        if (call instanceof Warning) {
          warned.add(call);
        } else if (seen.add(call)) {
          distinct.add(call);
        }
      }
    }
    for (Object resource : distinct) {
      if (!into.addWithoutConflict(resource)) {
        recorded.forEach(into::apply);
        return;
      }
    }
    warned.forEach(into::apply);
  }

  /** The call {@link #recorded} holds as {@code call}. */
  private void apply(Object call) {
    if (call instanceof Listener l) {
      add(l);
    } else if (call instanceof RouteConfiguration r) {
      add(r);
    } else if (call instanceof Cluster c) {
      add(c);
    } else if (call instanceof ClusterLoadAssignment a) {
      add(a);
    } else if (call instanceof EndpointResolution r) {
      add(r);
    } else if (call instanceof SecretReference secret) {
      add(secret);
    } else {
      warn(((Warning) call).text());
    }
  }

  /** Adds {@code resource} unless its name holds another one that differs; false then, and nothing added. */
  private boolean addWithoutConflict(Object resource) {
    if (resource instanceof Listener l) {
      return putWithoutConflict(listeners, l.getName(), l);
    } else if (resource instanceof RouteConfiguration r) {
      return putWithoutConflict(routes, r.getName(), r);
    } else if (resource instanceof Cluster c) {
      return putWithoutConflict(clusters, c.getName(), c);
    } else if (resource instanceof ClusterLoadAssignment a) {
      return putWithoutConflict(assignments, a.getClusterName(), a);
    } else if (resource instanceof EndpointResolution r) {
      return putWithoutConflict(resolutions, r.clusterName(), r);
    }
    SecretReference secret = (SecretReference) resource;
    return putWithoutConflict(secrets, secret.name(), secret);
  }

  private static <T> boolean putWithoutConflict(Map<String, T> into, String name, T value) {
    T existing = into.putIfAbsent(name, value);
    return existing == null || existing == value || existing.equals(value);
  }

  private boolean recorded(Object call) {
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
    if (recorded(listener)) {
      return;
    }
    put(listeners, listener.getName(), listener, "listener");
  }

  public void add(RouteConfiguration routeConfiguration) {
    if (recorded(routeConfiguration)) {
      return;
    }
    put(routes, routeConfiguration.getName(), routeConfiguration, "route configuration");
  }

  public void add(Cluster cluster) {
    if (recorded(cluster)) {
      return;
    }
    put(clusters, cluster.getName(), cluster, "cluster");
  }

  public void add(ClusterLoadAssignment assignment) {
    if (recorded(assignment)) {
      return;
    }
    put(assignments, assignment.getClusterName(), assignment, "cluster load assignment");
  }

  public void add(EndpointResolution resolution) {
    if (recorded(resolution)) {
      return;
    }
    put(resolutions, resolution.clusterName(), resolution, "endpoint resolution");
  }

  public void add(SecretReference secret) {
    if (recorded(secret)) {
      return;
    }
    put(secrets, secret.name(), secret, "secret");
  }

  public void warn(String warning) {
    if (recorded(new Warning(warning))) {
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
    if (resources.isEmpty()) {
      return List.of();
    }
    String[] names = resources.keySet().toArray(new String[0]);
    Arrays.sort(names);
    List<T> sorted = new ArrayList<>(names.length);
    for (String name : names) {
      sorted.add(resources.get(name));
    }
    return sorted;
  }

  private <T> void put(Map<String, T> into, String name, T value, String what) {
    T existing = into.putIfAbsent(name, value);
    if (existing != null && !existing.equals(value)) {
      warn("two different " + what + "s named " + name + "; kept the first");
    }
  }
}
