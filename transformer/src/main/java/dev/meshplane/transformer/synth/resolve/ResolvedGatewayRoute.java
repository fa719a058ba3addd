package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.appmesh.GrpcGatewayRoute;
import dev.meshplane.model.appmesh.HttpGatewayRoute;
import java.util.Optional;

/**
 * A gateway route with its target virtual service resolved like a backend; exactly one of
 * {@code http} (for http and http2 routes) and {@code grpc} is present.
 *
 * @param targetPort the virtual service port the route sends to
 */
public record ResolvedGatewayRoute(
    String name,
    Protocol protocol,
    Optional<HttpGatewayRoute> http,
    Optional<GrpcGatewayRoute> grpc,
    ResolvedBackend target,
    int targetPort) {

  /** The gateway listener port the route is limited to, if its match names one. */
  public Optional<Integer> listenerPort() {
    if (http.isPresent() && http.get().getMatch().hasPort()) {
      return Optional.of(http.get().getMatch().getPort());
    }
    if (grpc.isPresent() && grpc.get().getMatch().hasPort()) {
      return Optional.of(grpc.get().getMatch().getPort());
    }
    return Optional.empty();
  }
}
