package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.appmesh.GrpcRouteMatch;
import dev.meshplane.model.appmesh.HttpRouteMatch;
import java.util.List;
import java.util.Optional;

/**
 * One route toward a backend, targets resolved. Exactly one of the matches is present for HTTP
 * (and HTTP/2) and gRPC routes; TCP routes and the implicit route to a providing node have none.
 *
 * @param name the route's name in App Mesh, or the virtual service's name for the implicit route
 * @param port the listener port of the router (or node) this route serves
 */
public record ResolvedRoute(
    String name,
    Protocol protocol,
    int port,
    Optional<HttpRouteMatch> httpMatch,
    Optional<GrpcRouteMatch> grpcMatch,
    List<TargetWeight> targets,
    Retries retries,
    Timeouts timeouts) {

  public ResolvedRoute {
    targets = List.copyOf(targets);
  }
}
