package dev.meshplane.transformer.synth.resolve;

import java.util.List;
import java.util.Optional;

/**
 * What a route or gateway route matches, App Mesh's three match shapes (HTTP, gRPC, gateway) in
 * one: a path (gRPC service and method already as {@code /service/method}) and conditions, all of
 * which must hold.
 *
 * @param method the HTTP method, upper case as App Mesh spells it
 * @param scheme {@code http} or {@code https}
 */
public record RequestMatch(
    PathMatch path,
    List<HeaderMatch> headers,
    Optional<String> method,
    Optional<String> scheme,
    List<QueryMatch> queryParameters) {

  public RequestMatch {
    headers = List.copyOf(headers);
    queryParameters = List.copyOf(queryParameters);
  }

  /** Only a path, no conditions. */
  public static RequestMatch path(PathMatch path) {
    return new RequestMatch(path, List.of(), Optional.empty(), Optional.empty(), List.of());
  }
}
