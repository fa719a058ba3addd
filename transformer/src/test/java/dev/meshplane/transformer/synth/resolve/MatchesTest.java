package dev.meshplane.transformer.synth.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.ProtoJson;
import dev.meshplane.model.appmesh.GrpcGatewayRouteMatch;
import dev.meshplane.model.appmesh.GrpcRouteMatch;
import dev.meshplane.model.appmesh.HeaderMatchMethod;
import dev.meshplane.model.appmesh.HttpRouteMatch;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** App Mesh's match unions and match shapes as the IR's {@link RequestMatch}. */
class MatchesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{\"exact\":\"a\"}                     | EXACT   | a  | 0 | 0",
      "{\"prefix\":\"b\"}                    | PREFIX  | b  | 0 | 0",
      "{\"suffix\":\"c\"}                    | SUFFIX  | c  | 0 | 0",
      "{\"regex\":\"d.*\"}                   | REGEX   | d.* | 0 | 0",
      "{\"range\":{\"start\":1,\"end\":10}}  | RANGE   |    | 1 | 10",
      "{}                                    | PRESENT |    | 0 | 0"})
  void matchMethods(String json, MatchMethod.Kind kind, String value, long start, long end) {
    MatchMethod method = Matches.method(ProtoJson.parse(json, HeaderMatchMethod.getDefaultInstance()));
    assertThat(method).isEqualTo(new MatchMethod(kind, value == null ? "" : value, start, end));
  }

  @Test
  void httpMatchKeepsEveryCondition() {
    HttpRouteMatch m = ProtoJson.parse("""
        {"path":{"regex":"/v[0-9]+"},"method":"POST","scheme":"https",
         "headers":[{"name":"x-a","invert":true,"match":{"exact":"1"}},{"name":"x-b"}],
         "queryParameters":[{"name":"q","match":{"exact":"v"}},{"name":"p"}]}
        """, HttpRouteMatch.getDefaultInstance());
    assertThat(Matches.of(m)).isEqualTo(new RequestMatch(
        PathMatch.regex("/v[0-9]+"),
        List.of(new HeaderMatch("x-a", MatchMethod.of(MatchMethod.Kind.EXACT, "1"), true),
            new HeaderMatch("x-b", MatchMethod.PRESENT, false)),
        Optional.of("POST"),
        Optional.of("https"),
        List.of(new QueryMatch("q", Optional.of("v")), new QueryMatch("p", Optional.empty()))));
    assertThat(Matches.of(HttpRouteMatch.newBuilder().setPort(80).build()).path()).isEqualTo(PathMatch.ANY);
  }

  @Test
  void grpcServiceAndMethodBecomeThePath() {
    assertThat(Matches.of(GrpcRouteMatch.newBuilder().setServiceName("s.S").setMethodName("Get").build()).path())
        .isEqualTo(PathMatch.exact("/s.S/Get"));
    assertThat(Matches.of(GrpcRouteMatch.newBuilder().setServiceName("s.S").build()).path())
        .isEqualTo(PathMatch.prefix("/s.S/"));
    assertThat(Matches.of(GrpcRouteMatch.getDefaultInstance()).path()).isEqualTo(PathMatch.ANY);
    assertThat(Matches.of(GrpcGatewayRouteMatch.newBuilder().setServiceName("s.S").build()).path())
        .isEqualTo(PathMatch.prefix("/s.S/"));
  }
}
