package dev.meshplane.frontend.rules;

import static dev.meshplane.frontend.rules.RulesTable.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.appmesh.RouteSpec;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Route rules, one row per rule: route types, matches, weighted targets, retry policies. */
class RouteRulesTest {
  private static final String TARGETS = "\"action\":{\"weightedTargets\":[{\"virtualNode\":\"a\",\"weight\":1}]}";
  private static final String RETRY = "\"maxRetries\":2,\"perRetryTimeout\":{\"unit\":\"ms\",\"value\":500}";
  private static final String HTTP_EVENTS = "server-error, gateway-error, client-error, stream-error";

  static Stream<Arguments> cases() {
    return Stream.of(
        row("http route with a prefix", "{\"httpRoute\":{\"match\":{\"prefix\":\"/\"}," + TARGETS + "}}"),
        row("tcp route", "{\"tcpRoute\":{" + TARGETS + "}}"),
        row("no route type", "{}",
            "spec: exactly one of grpcRoute, http2Route, httpRoute, tcpRoute must be set"),
        row("two route types", "{\"httpRoute\":{\"match\":{\"prefix\":\"/\"}," + TARGETS + "},\"tcpRoute\":{" + TARGETS + "}}",
            "spec: exactly one of grpcRoute, http2Route, httpRoute, tcpRoute must be set, got 2"),
        row("prefix and path", "{\"http2Route\":{\"match\":{\"prefix\":\"/\",\"path\":{\"exact\":\"/a\"}}," + TARGETS + "}}",
            "spec.http2Route.match: set either prefix or path, not both"),
        row("no path and no port", "{\"httpRoute\":{\"match\":{\"method\":\"GET\"}," + TARGETS + "}}",
            "spec.httpRoute.match: must set one of prefix, path, or port (a port alone matches prefix /)"),
        row("prefix without its slash", "{\"httpRoute\":{\"match\":{\"prefix\":\"api\"}," + TARGETS + "}}",
            "spec.httpRoute.match.prefix: must start with /, got \"api\""),
        row("all weights 0", "{\"tcpRoute\":{\"action\":{\"weightedTargets\":[{\"virtualNode\":\"a\",\"weight\":0}]}}}",
            "spec.tcpRoute.action.weightedTargets: at least one weighted target must have a weight greater than 0"),
        row("one target twice", "{\"tcpRoute\":{\"action\":{\"weightedTargets\":["
                + "{\"virtualNode\":\"a\",\"weight\":1,\"port\":80},{\"virtualNode\":\"a\",\"weight\":1,\"port\":80}]}}}",
            "spec.tcpRoute.action.weightedTargets[1]: targets a:80 again (already spec.tcpRoute.action.weightedTargets[0])"),
        row("http retry policy naming no event",
            "{\"httpRoute\":{\"match\":{\"prefix\":\"/\"}," + TARGETS + ",\"retryPolicy\":{" + RETRY + "}}}",
            "spec.httpRoute.retryPolicy: must name at least one of httpRetryEvents, tcpRetryEvents"),
        row("http retry policy with every known event",
            "{\"httpRoute\":{\"match\":{\"prefix\":\"/\"}," + TARGETS + ",\"retryPolicy\":{" + RETRY
                + ",\"httpRetryEvents\":[\"server-error\",\"gateway-error\",\"client-error\",\"stream-error\"],"
                + "\"tcpRetryEvents\":[\"connection-error\"]}}}"),
        row("http retry policy with an unknown HTTP event",
            "{\"httpRoute\":{\"match\":{\"prefix\":\"/\"}," + TARGETS + ",\"retryPolicy\":{" + RETRY
                + ",\"httpRetryEvents\":[\"server-error\",\"5xx\"]}}}",
            "spec.httpRoute.retryPolicy.httpRetryEvents[1]: must be one of " + HTTP_EVENTS + "; got \"5xx\""),
        row("grpc route with every known event",
            "{\"grpcRoute\":{\"match\":{\"serviceName\":\"s\"}," + TARGETS + ",\"retryPolicy\":{" + RETRY
                + ",\"grpcRetryEvents\":[\"cancelled\",\"deadline-exceeded\",\"internal\",\"resource-exhausted\",\"unavailable\"],"
                + "\"httpRetryEvents\":[\"stream-error\"],\"tcpRetryEvents\":[\"connection-error\"]}}}"),
        row("grpc route with an unknown HTTP event (never copied into retry_on)",
            "{\"grpcRoute\":{\"match\":{\"serviceName\":\"s\"}," + TARGETS + ",\"retryPolicy\":{" + RETRY
                + ",\"grpcRetryEvents\":[\"unavailable\"],\"httpRetryEvents\":[\"reset\"]}}}",
            "spec.grpcRoute.retryPolicy.httpRetryEvents[0]: must be one of " + HTTP_EVENTS + "; got \"reset\""),
        row("grpc retry policy naming no event",
            "{\"grpcRoute\":{\"match\":{\"serviceName\":\"s\"}," + TARGETS + ",\"retryPolicy\":{" + RETRY + "}}}",
            "spec.grpcRoute.retryPolicy: must name at least one of grpcRetryEvents, httpRetryEvents, tcpRetryEvents"),
        row("grpc method without its service",
            "{\"grpcRoute\":{\"match\":{\"methodName\":\"Get\"}," + TARGETS + "}}",
            "spec.grpcRoute.match.methodName: needs spec.grpcRoute.match.serviceName"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void validate(String name, String spec, List<String> expected) {
    assertThat(RulesTable.violations(new RouteRules(), RouteSpec.getDefaultInstance(), spec))
        .containsExactlyElementsOf(expected);
  }
}
