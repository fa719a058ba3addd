package dev.meshplane.transformer.synth.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.ProtoJson;
import dev.meshplane.model.appmesh.GrpcRoute;
import dev.meshplane.model.appmesh.HttpRoute;
import dev.meshplane.model.vocabulary.RetryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** App Mesh retry policies resolved into the retry conditions Envoy is given. */
class RoutePoliciesTest {
  private static final String TIMEOUT = "\"maxRetries\":3,\"perRetryTimeout\":{\"unit\":\"ms\",\"value\":250}";

  static Stream<Arguments> grpcPolicies() {
    return Stream.of(
        Arguments.of("every gRPC event", "\"grpcRetryEvents\":[\"cancelled\",\"deadline-exceeded\",\"internal\","
                + "\"resource-exhausted\",\"unavailable\"]",
            Set.of(RetryCondition.CANCELLED, RetryCondition.DEADLINE_EXCEEDED, RetryCondition.INTERNAL,
                RetryCondition.RESOURCE_EXHAUSTED, RetryCondition.UNAVAILABLE), List.of()),
        Arguments.of("HTTP events on a gRPC route", "\"httpRetryEvents\":[\"server-error\",\"gateway-error\","
                + "\"client-error\",\"stream-error\"]",
            Set.of(RetryCondition.SERVER_ERROR, RetryCondition.GATEWAY_ERROR, RetryCondition.RETRIABLE_4XX,
                RetryCondition.REFUSED_STREAM), List.of()),
        Arguments.of("the TCP event", "\"tcpRetryEvents\":[\"connection-error\"]",
            Set.of(RetryCondition.CONNECT_FAILURE), List.of()),
        Arguments.of("an unknown event stored before validation refused it: left out, never copied",
            "\"grpcRetryEvents\":[\"unavailable\"],\"httpRetryEvents\":[\"reset\"]",
            Set.of(RetryCondition.UNAVAILABLE),
            List.of("r: httpRetryEvents \"reset\" is not an App Mesh retry event; left out")),
        Arguments.of("only unknown events: no retries at all", "\"httpRetryEvents\":[\"5xx\"]",
            Set.of(), List.of("r: httpRetryEvents \"5xx\" is not an App Mesh retry event; left out")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("grpcPolicies")
  void grpcRoute(String name, String events, Set<RetryCondition> on, List<String> expectedWarnings) {
    GrpcRoute route = ProtoJson.parse("{\"retryPolicy\":{" + TIMEOUT + "," + events + "}}", GrpcRoute.getDefaultInstance());
    List<String> warnings = new ArrayList<>();
    Retries retries = RoutePolicies.retries(route, "r", warnings);
    assertThat(retries.on()).isEqualTo(on);
    assertThat(warnings).isEqualTo(expectedWarnings);
    if (!on.isEmpty()) {
      assertThat(retries.numRetries()).isEqualTo(3);
      assertThat(retries.perTryTimeout()).contains(Duration.ofMillis(250));
    } else {
      assertThat(retries).isEqualTo(Retries.NONE);
    }
  }

  @Test
  void httpRoutesWithoutAPolicyGetAppMeshsDefault() {
    Retries retries = RoutePolicies.retries(HttpRoute.getDefaultInstance(), "r", new ArrayList<>());
    assertThat(retries.on()).containsExactlyInAnyOrder(RetryCondition.CONNECT_FAILURE, RetryCondition.REFUSED_STREAM,
        RetryCondition.RESET, RetryCondition.RETRIABLE_STATUS_CODES, RetryCondition.UNAVAILABLE);
    assertThat(retries.retriableStatusCodes()).containsExactly(503);
    assertThat(retries.numRetries()).isEqualTo(2);
    assertThat(retries.perTryTimeout()).isEqualTo(Optional.empty());
  }

  @Test
  void everyAppMeshEventHasItsOwnCondition() {
    assertThat(Arrays.stream(RetryEvent.values()).map(RoutePolicies::condition).distinct())
        .hasSize(RetryEvent.values().length);
  }
}
