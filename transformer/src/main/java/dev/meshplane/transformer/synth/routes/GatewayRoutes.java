package dev.meshplane.transformer.synth.routes;

import dev.meshplane.model.vocabulary.Protocol;
import dev.meshplane.transformer.synth.ProxyResources;
import dev.meshplane.transformer.synth.resolve.PathMatch;
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
 * route (see {@link GatewayPaths}), with the gateway route's decided path and Host rewrites.
 */
final class GatewayRoutes {
  private GatewayRoutes() {}

  static List<Route> of(String mesh, ResolvedGatewayRoute gatewayRoute, ProxyResources out) {
    List<Route> routes = new ArrayList<>();
    var backend = gatewayRoute.target();
    boolean grpcGateway = gatewayRoute.protocol() == Protocol.GRPC;
    for (ResolvedRoute route : backend.routesOn(gatewayRoute.targetPort())) {
      PathMatch routePath = route.path();
      // A route without a match (a providing node's) takes whatever the gateway sends.
      boolean compatible = route.protocol().isHttpFamily()
          && (route.match().isEmpty() || grpcGateway == (route.protocol() == Protocol.GRPC));
      if (!compatible) {
        out.warn("gateway route " + gatewayRoute.name() + ": route " + route.name() + " of "
            + backend.virtualServiceName() + " is " + route.protocol().wireName() + "; left out");
        continue;
      }
      PathMatch gatewayPath = gatewayRoute.match().path();
      List<GatewayPaths.Combined> paths;
      if (grpcGateway) {
        Optional<PathMatch> path = gatewayPath.isAny() ? Optional.of(routePath)
            : routePath.isAny() ? Optional.of(gatewayPath)
            : routePath.value().startsWith(gatewayPath.value()) ? Optional.of(routePath) : Optional.empty();
        paths = path.map(p -> List.of(new GatewayPaths.Combined(p, Optional.empty()))).orElse(List.of());
      } else {
        paths = GatewayPaths.combine(gatewayPath, gatewayRoute.pathRewrittenTo(), routePath);
        if (paths.isEmpty() && GatewayPaths.inexpressible(gatewayPath, routePath)) {
          out.warn("gateway route " + gatewayRoute.name() + " with route " + route.name() + " of "
              + backend.virtualServiceName() + ": a regex path cannot be combined with another path; left out");
        }
      }
      RouteMatch.Builder conditions = RouteMatch.newBuilder();
      RequestMatches.conditions(gatewayRoute.match(), conditions);
      route.match().ifPresent(m -> RequestMatches.conditions(m, conditions));
      for (GatewayPaths.Combined path : paths) {
        RouteMatch.Builder match = conditions.clone();
        RequestMatches.path(path.match(), match);
        Route.Builder envoyRoute = Route.newBuilder().setName(gatewayRoute.name() + "/" + route.name()).setMatch(match);
        RouteActions.forward(route, mesh, backend.tls(), envoyRoute, out);
        if (envoyRoute.hasRoute()) {
          path.prefixRewrite().ifPresent(p -> envoyRoute.getRouteBuilder().setPrefixRewrite(p));
          gatewayRoute.hostRewrite().ifPresent(host -> envoyRoute.getRouteBuilder().setHostRewriteLiteral(host));
        }
        routes.add(envoyRoute.build());
      }
    }
    return routes;
  }
}
