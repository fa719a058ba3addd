package dev.meshplane.transformer.synth.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.transformer.synth.resolve.PathMatch;
import dev.meshplane.transformer.synth.routes.GatewayPaths.Combined;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A gateway route's match and rewrite combined with the match of a route behind its target, as one
 * Envoy match on the original path: the rewritten path must be what the router route matches.
 */
class GatewayPathsTest {

  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of("prefix with its slash, rewritten to /, any route",
            PathMatch.prefix("/color1/"), "/", PathMatch.ANY,
            List.of(prefix("/color1/", "/"))),
        Arguments.of("bare prefix rewritten to /: below it, then the bare path (App Mesh's pair)",
            PathMatch.prefix("/color1"), "/", PathMatch.ANY,
            List.of(prefix("/color1/", "/"), prefix("/color1", "/"))),
        Arguments.of("route prefix inside the rewrite: matched on the original path",
            PathMatch.prefix("/api/"), "/v2/", PathMatch.prefix("/v2/users"),
            List.of(prefix("/api/users", "/v2/users"))),
        Arguments.of("route prefix above the rewrite: every rewritten path matches it",
            PathMatch.prefix("/api/"), "/v2/users/", PathMatch.prefix("/v2/"),
            List.of(prefix("/api/", "/v2/users/"))),
        Arguments.of("route prefix the rewrite never produces: unreachable",
            PathMatch.prefix("/api/"), "/v2/", PathMatch.prefix("/v3"),
            List.of()),
        Arguments.of("exact route path under the rewrite",
            PathMatch.prefix("/api/"), "/v2/", PathMatch.exact("/v2/ping"),
            List.of(new Combined(PathMatch.exact("/api/ping"), Optional.of("/v2/ping")))),
        Arguments.of("no rewrite: no prefix rewrite",
            PathMatch.prefix("/same/"), "/same/", PathMatch.ANY,
            List.of(new Combined(PathMatch.prefix("/same/"), Optional.empty()))),
        Arguments.of("exact gateway path rewritten, any route",
            PathMatch.exact("/health"), "/status", PathMatch.ANY,
            List.of(new Combined(PathMatch.exact("/health"), Optional.of("/status")))),
        Arguments.of("exact gateway path rewritten to what the route does not match",
            PathMatch.exact("/health"), "/status", PathMatch.exact("/other"),
            List.of()),
        Arguments.of("gateway regex, any route: the regex as it is",
            PathMatch.regex("/v[0-9]+/.*"), "", PathMatch.ANY,
            List.of(new Combined(PathMatch.regex("/v[0-9]+/.*"), Optional.empty()))),
        Arguments.of("gateway regex and a route condition: not expressible in one Envoy match",
            PathMatch.regex("/v[0-9]+/.*"), "", PathMatch.prefix("/v1/"),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void combine(String name, PathMatch gateway, String rewritten, PathMatch route, List<Combined> expected) {
    assertThat(GatewayPaths.combine(gateway, rewritten, route)).isEqualTo(expected);
  }

  @Test
  void aRegexIsInexpressibleOnlyBesideAnotherCondition() {
    PathMatch regex = PathMatch.regex("/v[0-9]+/.*");
    assertThat(GatewayPaths.inexpressible(regex, PathMatch.ANY)).isFalse();
    assertThat(GatewayPaths.inexpressible(PathMatch.ANY, regex)).isFalse();
    assertThat(GatewayPaths.inexpressible(regex, PathMatch.prefix("/v1/"))).isTrue();
    assertThat(GatewayPaths.inexpressible(PathMatch.prefix("/api/"), regex)).isTrue();
    assertThat(GatewayPaths.inexpressible(PathMatch.prefix("/api/"), PathMatch.exact("/api/x"))).isFalse();
  }

  private static Combined prefix(String match, String rewrite) {
    return new Combined(PathMatch.prefix(match), Optional.of(rewrite));
  }
}
