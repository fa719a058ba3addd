package dev.meshplane.transformer.synth.routes;

import dev.meshplane.transformer.synth.ProxyResources;
import dev.meshplane.transformer.synth.Protos;
import dev.meshplane.transformer.synth.ProxyKind;
import dev.meshplane.transformer.synth.clusters.UpstreamClusters;
import dev.meshplane.transformer.synth.resolve.ResolvedRoute;
import dev.meshplane.transformer.synth.resolve.TargetWeight;
import dev.meshplane.transformer.synth.resolve.TlsOrigination;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a route sends traffic: its weighted targets as clusters (added to the proxy as a side
 * effect), with its retry policy and timeouts.
 */
public final class RouteActions {
  private RouteActions() {}

  /** Sets the route's action; a route whose weights are all 0 answers 503, as nothing may receive it. */
  static void forward(
      ResolvedRoute route, String mesh, Optional<TlsOrigination> tls, Route.Builder envoyRoute, ProxyResources out) {
    Map<String, Integer> weights = weightsByCluster(route, mesh, tls, out);
    int total = weights.values().stream().mapToInt(Integer::intValue).sum();
    if (total == 0) {
      envoyRoute.setDirectResponse(DirectResponseAction.newBuilder().setStatus(503));
      return;
    }
    RouteAction.Builder action = RouteAction.newBuilder();
    if (weights.size() == 1) {
      action.setCluster(weights.keySet().iterator().next());
    } else {
      WeightedCluster.Builder weighted = WeightedCluster.newBuilder();
      weights.forEach((cluster, weight) -> weighted.addClusters(
          WeightedCluster.ClusterWeight.newBuilder().setName(cluster).setWeight(Protos.uint32(weight))));
      action.setWeightedClusters(weighted);
    }
    route.timeouts().perRequest().ifPresent(d -> action.setTimeout(Protos.duration(d)));
    if (out.kind() == ProxyKind.PROXYLESS_GRPC) {
      // gRPC clients ignore RouteAction.timeout and read max_stream_duration instead (gRFC A31).
      route.timeouts().perRequest().ifPresent(d -> action.setMaxStreamDuration(
          RouteAction.MaxStreamDuration.newBuilder().setMaxStreamDuration(Protos.duration(d))));
    }
    route.timeouts().idle().ifPresent(d -> action.setIdleTimeout(Protos.duration(d)));
    RetryPolicies.of(route.retries())
        // gRPC clients reject num_retries 0 (maxAttempts 1) as an invalid service config; without a
        // policy they make exactly one attempt, which is what maxRetries 0 asks for.
        .filter(policy -> out.kind() != ProxyKind.PROXYLESS_GRPC || policy.getNumRetries().getValue() > 0)
        .ifPresent(action::setRetryPolicy);
    envoyRoute.setRoute(action);
  }

  /**
   * Whether {@link #forward} gives both proxy kinds the same action and clusters: no per-request
   * timeout (gRPC clients get it as max_stream_duration), no retry policy gRPC clients refuse, and
   * clusters alike for both ({@link UpstreamClusters#anyKind}).
   */
  static boolean anyKind(ResolvedRoute route, Optional<TlsOrigination> tls) {
    if (route.timeouts().perRequest().isPresent()) {
      return false;
    }
    if (route.retries().retries() && Protos.uint32(route.retries().numRetries()).getValue() <= 0) {
      return false;
    }
    return route.targets().stream().allMatch(t -> UpstreamClusters.anyKind(t.target(), tls));
  }

  /** Targets in declared order; two targets on one cluster add up. */
  public static Map<String, Integer> weightsByCluster(
      ResolvedRoute route, String mesh, Optional<TlsOrigination> tls, ProxyResources out) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    for (TargetWeight t : route.targets()) {
      String cluster = UpstreamClusters.add(mesh, t.target(), tls, out);
      weights.merge(cluster, t.weight(), Integer::sum);
    }
    return weights;
  }
}
