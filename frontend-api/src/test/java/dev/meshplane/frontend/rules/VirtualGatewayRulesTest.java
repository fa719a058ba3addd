package dev.meshplane.frontend.rules;

import static dev.meshplane.frontend.rules.RulesTable.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.appmesh.VirtualGatewaySpec;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Virtual gateway rules, one row per rule: listener ports, connection pools, health checks. */
class VirtualGatewayRulesTest {
  private static final String CHECK =
      "\"healthyThreshold\":2,\"unhealthyThreshold\":2,\"intervalMillis\":5000,\"timeoutMillis\":2000";

  static Stream<Arguments> cases() {
    return Stream.of(
        row("one listener", "{\"listeners\":[{\"portMapping\":{\"port\":8080,\"protocol\":\"http\"}}]}"),
        row("pool of the listener's protocol", "{\"listeners\":[{\"portMapping\":{\"port\":8080,\"protocol\":\"grpc\"},"
            + "\"connectionPool\":{\"grpc\":{\"maxRequests\":10}}}]}"),
        row("two listeners on one port", "{\"listeners\":[{\"portMapping\":{\"port\":8080,\"protocol\":\"http\"}},"
                + "{\"portMapping\":{\"port\":8080,\"protocol\":\"grpc\"}}]}",
            "spec.listeners[1].portMapping.port: port 8080 is already used by spec.listeners[0]"),
        row("pool of another protocol", "{\"listeners\":[{\"portMapping\":{\"port\":8080,\"protocol\":\"http\"},"
                + "\"connectionPool\":{\"grpc\":{\"maxRequests\":10}}}]}",
            "spec.listeners[0].connectionPool.grpc: is for protocol grpc but the listener's portMapping.protocol is http;"
                + " use spec.listeners[0].connectionPool.http"),
        row("http2 health check without a path", "{\"listeners\":[{\"portMapping\":{\"port\":8080,\"protocol\":\"http2\"},"
                + "\"healthCheck\":{\"protocol\":\"http2\"," + CHECK + "}}]}",
            "spec.listeners[0].healthCheck.path: is required when the health check protocol is http2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void validate(String name, String spec, List<String> expected) {
    assertThat(RulesTable.violations(new VirtualGatewayRules(), VirtualGatewaySpec.getDefaultInstance(), spec))
        .containsExactlyElementsOf(expected);
  }
}
