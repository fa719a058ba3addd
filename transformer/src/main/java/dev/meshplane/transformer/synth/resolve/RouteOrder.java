package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.appmesh.GatewayRouteSpec;
import dev.meshplane.model.appmesh.RouteSpec;
import java.util.Comparator;
import java.util.Map;

/**
 * App Mesh's match order: declared priority first (0 is highest); routes without one come after,
 * longest path or prefix first (what App Mesh did before priorities existed), then by name so the
 * order is total.
 */
final class RouteOrder {
  private RouteOrder() {}

  static final Comparator<Map.Entry<String, RouteSpec>> ROUTES =
      Comparator.<Map.Entry<String, RouteSpec>>comparingInt(
              e -> e.getValue().hasPriority() ? e.getValue().getPriority() : Integer.MAX_VALUE)
          .thenComparing(e -> -matchLength(e.getValue()))
          .thenComparing(Map.Entry::getKey);

  static final Comparator<Map.Entry<String, GatewayRouteSpec>> GATEWAY_ROUTES =
      Comparator.<Map.Entry<String, GatewayRouteSpec>>comparingInt(
              e -> e.getValue().hasPriority() ? e.getValue().getPriority() : Integer.MAX_VALUE)
          .thenComparing(e -> -matchLength(e.getValue()))
          .thenComparing(Map.Entry::getKey);

  private static int matchLength(RouteSpec spec) {
    var http = spec.hasHttpRoute() ? spec.getHttpRoute() : spec.hasHttp2Route() ? spec.getHttp2Route() : null;
    if (http != null) {
      var m = http.getMatch();
      return Math.max(m.getPrefix().length(), Math.max(m.getPath().getExact().length(), m.getPath().getRegex().length()));
    }
    if (spec.hasGrpcRoute()) {
      var m = spec.getGrpcRoute().getMatch();
      return m.getServiceName().length() + m.getMethodName().length();
    }
    return 0;
  }

  private static int matchLength(GatewayRouteSpec spec) {
    var http = spec.hasHttpRoute() ? spec.getHttpRoute() : spec.hasHttp2Route() ? spec.getHttp2Route() : null;
    if (http != null) {
      var m = http.getMatch();
      return Math.max(m.getPrefix().length(), Math.max(m.getPath().getExact().length(), m.getPath().getRegex().length()));
    }
    return spec.hasGrpcRoute() ? spec.getGrpcRoute().getMatch().getServiceName().length() : 0;
  }
}
