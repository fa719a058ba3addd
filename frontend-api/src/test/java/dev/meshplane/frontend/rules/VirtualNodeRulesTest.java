package dev.meshplane.frontend.rules;

import static dev.meshplane.frontend.rules.RulesTable.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.appmesh.VirtualNodeSpec;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Virtual node rules, one row per rule: listener ports, per-protocol settings, discovery, backends. */
class VirtualNodeRulesTest {
  private static final String DNS = "\"serviceDiscovery\":{\"dns\":{\"hostname\":\"a.local\"}}";
  private static final String CHECK =
      "\"healthyThreshold\":2,\"unhealthyThreshold\":2,\"intervalMillis\":5000,\"timeoutMillis\":2000";

  private static String listener(int port, String protocol, String settings) {
    return "{\"portMapping\":{\"port\":" + port + ",\"protocol\":\"" + protocol + "\"}"
        + (settings.isEmpty() ? "" : "," + settings) + "}";
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        row("no listeners, no discovery (a pure client)", "{}"),
        row("listener with discovery", "{\"listeners\":[" + listener(80, "http", "") + "]," + DNS + "}"),
        row("settings of the listener's own protocol", "{\"listeners\":[" + listener(80, "grpc",
            "\"timeout\":{\"grpc\":{\"perRequest\":{\"unit\":\"s\",\"value\":1}}},"
                + "\"connectionPool\":{\"grpc\":{\"maxRequests\":1}}") + "]," + DNS + "}"),
        row("tcp health check without a path", "{\"listeners\":[" + listener(80, "tcp",
            "\"healthCheck\":{\"protocol\":\"tcp\"," + CHECK + "}") + "]," + DNS + "}"),
        row("two listeners on one port",
            "{\"listeners\":[" + listener(80, "http", "") + "," + listener(80, "tcp", "") + "]," + DNS + "}",
            "spec.listeners[1].portMapping.port: port 80 is already used by spec.listeners[0]"),
        row("listener without discovery", "{\"listeners\":[" + listener(80, "http", "") + "]}",
            "spec.serviceDiscovery: is required when the virtual node has listeners (dns or awsCloudMap)"),
        row("timeout of another protocol", "{\"listeners\":[" + listener(80, "http",
                "\"timeout\":{\"tcp\":{\"idle\":{\"unit\":\"s\",\"value\":1}}}") + "]," + DNS + "}",
            "spec.listeners[0].timeout.tcp: is for protocol tcp but the listener's portMapping.protocol is http;"
                + " use spec.listeners[0].timeout.http"),
        row("connection pool of another protocol", "{\"listeners\":[" + listener(80, "http2",
                "\"connectionPool\":{\"http\":{\"maxConnections\":1}}") + "]," + DNS + "}",
            "spec.listeners[0].connectionPool.http: is for protocol http but the listener's portMapping.protocol is http2;"
                + " use spec.listeners[0].connectionPool.http2"),
        row("http health check without a path", "{\"listeners\":[" + listener(80, "http",
                "\"healthCheck\":{\"protocol\":\"http\"," + CHECK + "}") + "]," + DNS + "}",
            "spec.listeners[0].healthCheck.path: is required when the health check protocol is http"),
        row("one backend twice", "{\"backends\":[{\"virtualService\":{\"virtualServiceName\":\"b\"}},"
                + "{\"virtualService\":{\"virtualServiceName\":\"b\"}}]}",
            "spec.backends[1].virtualService.virtualServiceName: \"b\" is already a backend at spec.backends[0]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void validate(String name, String spec, List<String> expected) {
    assertThat(RulesTable.violations(new VirtualNodeRules(), VirtualNodeSpec.getDefaultInstance(), spec))
        .containsExactlyElementsOf(expected);
  }
}
