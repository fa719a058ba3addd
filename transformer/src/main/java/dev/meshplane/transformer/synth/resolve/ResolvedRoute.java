package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.vocabulary.Protocol;
import java.util.List;
import java.util.Optional;

/**
 * One route toward a backend, targets resolved. HTTP (and HTTP/2) and gRPC routes of a router have
 * a match; TCP routes and the implicit route to a providing node have none (they take everything).
 *
 * @param name the route's name in App Mesh, or the virtual service's name for the implicit route
 * @param port the listener port of the router (or node) this route serves
 */
public record ResolvedRoute(
    String name,
    Protocol protocol,
    int port,
    Optional<RequestMatch> match,
    List<TargetWeight> targets,
    Retries retries,
    Timeouts timeouts) {

  public ResolvedRoute {
    targets = List.copyOf(targets);
  }

  /** The path this route matches; every path when it has no match. */
  public PathMatch path() {
    return match.map(RequestMatch::path).orElse(PathMatch.ANY);
  }
}
