package dev.meshplane.model.vocabulary;

import dev.meshplane.model.appmesh.GatewayRouteSpec;
import dev.meshplane.model.appmesh.GatewayRouteTarget;
import dev.meshplane.model.appmesh.HttpGatewayRoute;
import dev.meshplane.model.appmesh.HttpRoute;
import dev.meshplane.model.appmesh.RouteSpec;
import dev.meshplane.model.appmesh.WeightedTarget;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The route types of a route spec ({@code httpRoute}, {@code http2Route}, {@code grpcRoute},
 * {@code tcpRoute}) and of a gateway route spec (the same but {@code tcpRoute}): which member
 * holds the route, its protocol, and the parts every caller reads whatever the type. Declared in
 * the alphabetical order of the members, the order violation messages list them in.
 */
public enum RouteKind {
  GRPC("grpcRoute", Protocol.GRPC),
  HTTP2("http2Route", Protocol.HTTP2),
  HTTP("httpRoute", Protocol.HTTP),
  TCP("tcpRoute", Protocol.TCP);

  private final String member;
  private final Protocol protocol;

  RouteKind(String member, Protocol protocol) {
    this.member = member;
    this.protocol = protocol;
  }

  /** The spec member's JSON name ({@code http2Route}). */
  public String member() {
    return member;
  }

  public Protocol protocol() {
    return protocol;
  }

  /** Whether gateway routes have this type (they have no {@code tcpRoute}). */
  public boolean forGateways() {
    return this != TCP;
  }

  /** Every type the spec sets (valid specs set exactly one). */
  public static List<RouteKind> declared(RouteSpec spec) {
    return Arrays.stream(values()).filter(k -> k.isSetIn(spec)).toList();
  }

  public static List<RouteKind> declared(GatewayRouteSpec spec) {
    return Arrays.stream(values()).filter(k -> k.isSetIn(spec)).toList();
  }

  /** The spec's type; the first in member order if it sets several. */
  public static Optional<RouteKind> of(RouteSpec spec) {
    return declared(spec).stream().findFirst();
  }

  public static Optional<RouteKind> of(GatewayRouteSpec spec) {
    return declared(spec).stream().findFirst();
  }

  public boolean isSetIn(RouteSpec spec) {
    return switch (this) {
      case GRPC -> spec.hasGrpcRoute();
      case HTTP2 -> spec.hasHttp2Route();
      case HTTP -> spec.hasHttpRoute();
      case TCP -> spec.hasTcpRoute();
    };
  }

  public boolean isSetIn(GatewayRouteSpec spec) {
    return switch (this) {
      case GRPC -> spec.hasGrpcRoute();
      case HTTP2 -> spec.hasHttp2Route();
      case HTTP -> spec.hasHttpRoute();
      case TCP -> false;
    };
  }

  /** The HTTP or HTTP/2 route of the spec; only for those two types. */
  public HttpRoute httpRoute(RouteSpec spec) {
    return switch (this) {
      case HTTP -> spec.getHttpRoute();
      case HTTP2 -> spec.getHttp2Route();
      default -> throw new IllegalStateException(member + " is not an HTTP route");
    };
  }

  public HttpGatewayRoute httpRoute(GatewayRouteSpec spec) {
    return switch (this) {
      case HTTP -> spec.getHttpRoute();
      case HTTP2 -> spec.getHttp2Route();
      default -> throw new IllegalStateException(member + " is not an HTTP gateway route");
    };
  }

  public List<WeightedTarget> weightedTargets(RouteSpec spec) {
    return switch (this) {
      case GRPC -> spec.getGrpcRoute().getAction().getWeightedTargetsList();
      case HTTP2, HTTP -> httpRoute(spec).getAction().getWeightedTargetsList();
      case TCP -> spec.getTcpRoute().getAction().getWeightedTargetsList();
    };
  }

  /** The listener port the route's match names, if any. */
  public Optional<Integer> matchPort(RouteSpec spec) {
    boolean has;
    int port;
    switch (this) {
      case GRPC -> {
        has = spec.getGrpcRoute().getMatch().hasPort();
        port = spec.getGrpcRoute().getMatch().getPort();
      }
      case TCP -> {
        has = spec.getTcpRoute().getMatch().hasPort();
        port = spec.getTcpRoute().getMatch().getPort();
      }
      default -> {
        has = httpRoute(spec).getMatch().hasPort();
        port = httpRoute(spec).getMatch().getPort();
      }
    }
    return has ? Optional.of(port) : Optional.empty();
  }

  public Optional<Integer> matchPort(GatewayRouteSpec spec) {
    boolean has = this == GRPC ? spec.getGrpcRoute().getMatch().hasPort() : httpRoute(spec).getMatch().hasPort();
    int port = this == GRPC ? spec.getGrpcRoute().getMatch().getPort() : httpRoute(spec).getMatch().getPort();
    return has ? Optional.of(port) : Optional.empty();
  }

  public GatewayRouteTarget target(GatewayRouteSpec spec) {
    return this == GRPC ? spec.getGrpcRoute().getAction().getTarget() : httpRoute(spec).getAction().getTarget();
  }
}
