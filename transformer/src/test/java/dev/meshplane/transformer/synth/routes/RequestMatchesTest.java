package dev.meshplane.transformer.synth.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.meshplane.transformer.synth.resolve.HeaderMatch;
import dev.meshplane.transformer.synth.resolve.MatchMethod;
import dev.meshplane.transformer.synth.resolve.PathMatch;
import dev.meshplane.transformer.synth.resolve.QueryMatch;
import dev.meshplane.transformer.synth.resolve.RequestMatch;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each match method and each condition of a request match as the Envoy header or query matcher. */
class RequestMatchesTest {
  static Stream<Arguments> methods() {
    return Stream.of(
        Arguments.of(MatchMethod.PRESENT, false, "{\"name\":\"x\",\"presentMatch\":true}"),
        Arguments.of(MatchMethod.of(MatchMethod.Kind.EXACT, "a"), false, "{\"name\":\"x\",\"stringMatch\":{\"exact\":\"a\"}}"),
        Arguments.of(MatchMethod.of(MatchMethod.Kind.PREFIX, "a"), false, "{\"name\":\"x\",\"stringMatch\":{\"prefix\":\"a\"}}"),
        Arguments.of(MatchMethod.of(MatchMethod.Kind.SUFFIX, "a"), true,
            "{\"name\":\"x\",\"invertMatch\":true,\"stringMatch\":{\"suffix\":\"a\"}}"),
        Arguments.of(MatchMethod.of(MatchMethod.Kind.REGEX, "a.*"), false,
            "{\"name\":\"x\",\"stringMatch\":{\"safeRegex\":{\"regex\":\"a.*\"}}}"),
        Arguments.of(MatchMethod.range(1, 10), false, "{\"name\":\"x\",\"rangeMatch\":{\"start\":\"1\",\"end\":\"10\"}}"));
  }

  @ParameterizedTest(name = "{0} invert={1}")
  @MethodSource("methods")
  void headerMatchers(MatchMethod method, boolean invert, String envoyJson) throws Exception {
    assertThat(JsonFormat.printer().omittingInsignificantWhitespace()
        .print(RequestMatches.header(new HeaderMatch("x", method, invert)))).isEqualTo(envoyJson);
  }

  @Test
  void conditionsInOrderHeadersMethodSchemeQuery() throws Exception {
    RouteMatch.Builder match = RouteMatch.newBuilder();
    RequestMatch request = new RequestMatch(PathMatch.exact("/a"),
        List.of(new HeaderMatch("x", MatchMethod.PRESENT, false)), Optional.of("GET"), Optional.of("https"),
        List.of(new QueryMatch("q", Optional.of("1")), new QueryMatch("p", Optional.empty())));
    RequestMatches.path(request.path(), match);
    RequestMatches.conditions(request, match);
    assertThat(JsonFormat.printer().omittingInsignificantWhitespace().print(match)).isEqualTo(
        "{\"path\":\"/a\",\"headers\":[{\"name\":\"x\",\"presentMatch\":true},"
            + "{\"name\":\":method\",\"stringMatch\":{\"exact\":\"GET\"}},"
            + "{\"name\":\":scheme\",\"stringMatch\":{\"exact\":\"https\"}}],"
            + "\"queryParameters\":[{\"name\":\"q\",\"stringMatch\":{\"exact\":\"1\"}},{\"name\":\"p\",\"presentMatch\":true}]}");
  }
}
