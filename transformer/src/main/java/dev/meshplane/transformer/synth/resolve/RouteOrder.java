package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.appmesh.GatewayRouteSpec;
import dev.meshplane.model.appmesh.HttpPathMatch;
import dev.meshplane.model.appmesh.RouteSpec;
import dev.meshplane.model.vocabulary.RouteKind;
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
    return RouteKind.of(spec).map(kind -> switch (kind) {
      case HTTP, HTTP2 -> {
        var m = kind.httpRoute(spec).getMatch();
        yield pathLength(m.getPrefix(), m.getPath());
      }
      case GRPC -> spec.getGrpcRoute().getMatch().getServiceName().length()
          + spec.getGrpcRoute().getMatch().getMethodName().length();
      case TCP -> 0;
    }).orElse(0);
  }

  private static int matchLength(GatewayRouteSpec spec) {
    return RouteKind.of(spec).map(kind -> switch (kind) {
      case HTTP, HTTP2 -> {
        var m = kind.httpRoute(spec).getMatch();
        yield pathLength(m.getPrefix(), m.getPath());
      }
      case GRPC -> spec.getGrpcRoute().getMatch().getServiceName().length();
      case TCP -> 0;
    }).orElse(0);
  }

  private static int pathLength(String prefix, HttpPathMatch path) {
    return Math.max(prefix.length(), Math.max(path.getExact().length(), path.getRegex().length()));
  }
}
