package dev.meshplane.transformer.synth.routes;

import dev.meshplane.model.appmesh.GatewayRouteHostnameRewrite;
import dev.meshplane.model.appmesh.HttpGatewayRoute;
import dev.meshplane.transformer.synth.ProxyResources;
import dev.meshplane.transformer.synth.resolve.ResolvedGatewayRoute;
import dev.meshplane.transformer.synth.resolve.ResolvedRoute;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A gateway route as Envoy routes: one per route of the target virtual service on the target
 * port, in that service's match order, each matching both the gateway route and the service's
 * route (see {@link GatewayPaths}). As App Mesh did, the Host is rewritten to the target virtual
 * service and the matched prefix to {@code /} unless the gateway route turns either off.
 */
final class GatewayRoutes {
  private GatewayRoutes() {}

  static List<Route> of(String mesh, ResolvedGatewayRoute gatewayRoute, ProxyResources out) {
    List<Route> routes = new ArrayList<>();
    var backend = gatewayRoute.target();
    for (ResolvedRoute route : backend.routesOn(gatewayRoute.targetPort())) {
      PathSpec routePath = route.httpMatch().map(RouteMatches::path)
          .or(() -> route.grpcMatch().map(RouteMatches::path))
          .orElse(PathSpec.ANY);
      boolean compatible = route.protocol().isHttpFamily()
          && !(gatewayRoute.grpc().isPresent() && route.httpMatch().isPresent())
          && !(gatewayRoute.http().isPresent() && route.grpcMatch().isPresent());
      if (!compatible) {
        out.warn("gateway route " + gatewayRoute.name() + ": route " + route.name() + " of "
            + backend.virtualServiceName() + " is " + route.protocol().wireName() + "; left out");
        continue;
      }
      List<GatewayPaths.Combined> paths;
      RouteMatch.Builder conditions = RouteMatch.newBuilder();
      boolean rewriteHost;
      if (gatewayRoute.http().isPresent()) {
        HttpGatewayRoute http = gatewayRoute.http().get();
        PathSpec gatewayPath = RouteMatches.path(http.getMatch());
        paths = GatewayPaths.combine(gatewayPath, rewritten(http, gatewayPath), routePath);
        if (paths.isEmpty() && GatewayPaths.inexpressible(gatewayPath, routePath)) {
          out.warn("gateway route " + gatewayRoute.name() + " with route " + route.name() + " of "
              + backend.virtualServiceName() + ": a regex path cannot be combined with another path; left out");
        }
        RouteMatches.conditions(http.getMatch(), conditions);
        rewriteHost = hostRewriteEnabled(http.getAction().getRewrite().getHostname());
      } else {
        var grpc = gatewayRoute.grpc().get();
        PathSpec gatewayPath = RouteMatches.path(grpc.getMatch());
        Optional<PathSpec> path = gatewayPath.isAny() ? Optional.of(routePath)
            : routePath.isAny() ? Optional.of(gatewayPath)
            : routePath.value().startsWith(gatewayPath.value()) ? Optional.of(routePath) : Optional.empty();
        paths = path.map(p -> List.of(new GatewayPaths.Combined(p, Optional.empty()))).orElse(List.of());
        RouteMatches.conditions(grpc.getMatch(), conditions);
        rewriteHost = hostRewriteEnabled(grpc.getAction().getRewrite().getHostname());
      }
      route.httpMatch().ifPresent(m -> RouteMatches.conditions(m, conditions));
      route.grpcMatch().ifPresent(m -> RouteMatches.conditions(m, conditions));
      for (GatewayPaths.Combined path : paths) {
        RouteMatch.Builder match = conditions.clone();
        path.match().applyTo(match);
        Route.Builder envoyRoute = Route.newBuilder().setName(gatewayRoute.name() + "/" + route.name()).setMatch(match);
        RouteActions.forward(route, mesh, backend.tls(), envoyRoute, out);
        if (envoyRoute.hasRoute()) {
          path.prefixRewrite().ifPresent(p -> envoyRoute.getRouteBuilder().setPrefixRewrite(p));
          if (rewriteHost) {
            envoyRoute.getRouteBuilder().setHostRewriteLiteral(backend.virtualServiceName());
          }
        }
        routes.add(envoyRoute.build());
      }
    }
    return routes;
  }

  /** What the gateway's path becomes: the declared rewrite, else {@code /} for a prefix (App Mesh's default). */
  private static String rewritten(HttpGatewayRoute http, PathSpec gatewayPath) {
    var rewrite = http.getAction().getRewrite();
    if (gatewayPath.kind() == PathSpec.Kind.EXACT) {
      return rewrite.getPath().hasExact() ? rewrite.getPath().getExact() : gatewayPath.value();
    }
    if (rewrite.getPrefix().hasValue()) {
      return rewrite.getPrefix().getValue();
    }
    return "DISABLED".equals(rewrite.getPrefix().getDefaultPrefix()) ? gatewayPath.value() : "/";
  }

  private static boolean hostRewriteEnabled(GatewayRouteHostnameRewrite rewrite) {
    return !"DISABLED".equals(rewrite.getDefaultTargetHostname());
  }
}
