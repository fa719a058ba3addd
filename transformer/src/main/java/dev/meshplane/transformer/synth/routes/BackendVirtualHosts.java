package dev.meshplane.transformer.synth.routes;

import dev.meshplane.transformer.synth.ProxyKind;
import dev.meshplane.transformer.synth.ProxyResources;
import dev.meshplane.transformer.synth.SharedPieces;
import dev.meshplane.transformer.synth.resolve.PortProtocol;
import dev.meshplane.transformer.synth.resolve.ResolvedBackend;
import dev.meshplane.transformer.synth.resolve.ResolvedRoute;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * One virtual host per backend virtual service and HTTP port: domains {@code name:port}, plus the
 * bare {@code name} on the service's lowest HTTP port; routes in App Mesh match order.
 */
public final class BackendVirtualHosts {
  private BackendVirtualHosts() {}

  public static List<Integer> httpPorts(ResolvedBackend backend) {
    return backend.ports().stream()
        .filter(p -> p.protocol().isHttpFamily())
        .map(PortProtocol::port)
        .sorted()
        .toList();
  }

  /** Built once per pass for all callers with the same view of the backend ({@code out.shared()}). */
  public static VirtualHost virtualHost(String mesh, ResolvedBackend backend, int port, ProxyResources out) {
    return out.shared().piece(new Piece(mesh, SharedPieces.backend(backend), port), out, () -> anyKind(backend, port),
        shared -> build(mesh, backend, port, shared));
  }

  /**
   * Whether {@link #build} gives both proxy kinds the same virtual host and side effects: no route
   * gRPC clients leave out (query parameters) and every route's action alike ({@link RouteActions#anyKind}).
   */
  private static boolean anyKind(ResolvedBackend backend, int port) {
    for (ResolvedRoute route : backend.routes()) {
      if (route.port() == port && (matchesQueryParameters(route) || !RouteActions.anyKind(route, backend.tls()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean matchesQueryParameters(ResolvedRoute route) {
    return route.match().map(m -> !m.queryParameters().isEmpty()).orElse(false);
  }

  private record Piece(String mesh, Object backend, int port) {}

  private static VirtualHost build(String mesh, ResolvedBackend backend, int port, ProxyResources out) {
    String name = backend.virtualServiceName();
    List<String> domains = new ArrayList<>();
    OptionalInt lowest = httpPorts(backend).stream().mapToInt(Integer::intValue).min();
    if (lowest.isPresent() && lowest.getAsInt() == port) {
      domains.add(name);
    }
    domains.add(name + ":" + port);
    VirtualHost.Builder host = VirtualHost.newBuilder().setName(name + ":" + port).addAllDomains(domains);
    for (ResolvedRoute route : backend.routesOn(port)) {
      if (out.kind() == ProxyKind.PROXYLESS_GRPC && matchesQueryParameters(route)) {
        // gRPC clients drop routes that match query parameters; leaving it out says so plainly.
        out.warn("virtual service " + name + " route " + route.name()
            + " matches query parameters, which gRPC clients ignore; left out");
        continue;
      }
      host.addRoutes(route(mesh, backend, route, out));
    }
    return host.build();
  }

  static Route route(String mesh, ResolvedBackend backend, ResolvedRoute route, ProxyResources out) {
    RouteMatch.Builder match = RouteMatch.newBuilder();
    RequestMatches.path(route.path(), match);
    route.match().ifPresent(m -> RequestMatches.conditions(m, match));
    Route.Builder envoyRoute = Route.newBuilder().setName(route.name()).setMatch(match);
    RouteActions.forward(route, mesh, backend.tls(), envoyRoute, out);
    return envoyRoute.build();
  }
}
