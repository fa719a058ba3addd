package dev.meshplane.frontend.rules;

import static dev.meshplane.frontend.rules.RulesTable.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.appmesh.GatewayRouteSpec;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Gateway route rules, one row per rule: route types, matches, and rewrites that fit the match. */
class GatewayRouteRulesTest {
  private static final String TARGET = "\"target\":{\"virtualService\":{\"virtualServiceName\":\"s\"}}";

  private static String http(String match, String rewrite) {
    return "{\"httpRoute\":{\"match\":" + match + ",\"action\":{" + TARGET
        + (rewrite.isEmpty() ? "" : ",\"rewrite\":" + rewrite) + "}}}";
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row("prefix match", http("{\"prefix\":\"/\"}", "")),
        row("hostname alone", http("{\"hostname\":{\"exact\":\"a.example.com\"}}", "")),
        row("grpc route", "{\"grpcRoute\":{\"match\":{\"serviceName\":\"s\"},\"action\":{" + TARGET + "}}}"),
        row("prefix rewritten to a value", http("{\"prefix\":\"/a/\"}", "{\"prefix\":{\"value\":\"/b/\"}}")),
        row("default prefix rewrite disabled", http("{\"prefix\":\"/a/\"}", "{\"prefix\":{\"defaultPrefix\":\"DISABLED\"}}")),
        row("exact path rewritten", http("{\"path\":{\"exact\":\"/a\"}}", "{\"path\":{\"exact\":\"/b\"}}")),
        row("no route type", "{}", "spec: exactly one of grpcRoute, http2Route, httpRoute must be set"),
        row("prefix and path", http("{\"prefix\":\"/\",\"path\":{\"exact\":\"/a\"}}", ""),
            "spec.httpRoute.match: set either prefix or path, not both"),
        row("matches nothing", http("{}", ""),
            "spec.httpRoute.match: must match on at least one of prefix, path, hostname, headers, queryParameters, method, port"),
        row("prefix without its slash", http("{\"prefix\":\"a\"}", ""),
            "spec.httpRoute.match.prefix: must start with /, got \"a\""),
        row("prefix rewrite of an exact path, default and value both set",
            http("{\"path\":{\"exact\":\"/a\"}}", "{\"prefix\":{\"defaultPrefix\":\"ENABLED\",\"value\":\"/b/\"}}"),
            "spec.httpRoute.action.rewrite.prefix: needs spec.httpRoute.match.prefix to rewrite",
            "spec.httpRoute.action.rewrite.prefix: exactly one of defaultPrefix, value must be set"),
        row("prefix rewrite value without its slash", http("{\"prefix\":\"/a/\"}", "{\"prefix\":{\"value\":\"b/\"}}"),
            "spec.httpRoute.action.rewrite.prefix.value: must start with /, got \"b/\""),
        row("path rewrite of a prefix", http("{\"prefix\":\"/a/\"}", "{\"path\":{\"exact\":\"/b\"}}"),
            "spec.httpRoute.action.rewrite.path: needs spec.httpRoute.match.path to rewrite"),
        row("path and prefix rewrites", http("{\"prefix\":\"/a/\"}",
                "{\"path\":{\"exact\":\"/b\"},\"prefix\":{\"value\":\"/c/\"}}"),
            "spec.httpRoute.action.rewrite.path: needs spec.httpRoute.match.path to rewrite",
            "spec.httpRoute.action.rewrite: set either prefix or path, not both"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void validate(String name, String spec, List<String> expected) {
    assertThat(RulesTable.violations(new GatewayRouteRules(), GatewayRouteSpec.getDefaultInstance(), spec))
        .containsExactlyElementsOf(expected);
  }
}
