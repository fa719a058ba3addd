package dev.meshplane.frontend.rules;

import static dev.meshplane.frontend.rules.RulesTable.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.appmesh.VirtualRouterSpec;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Virtual router rules: one listener per port. */
class VirtualRouterRulesTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        row("no listeners", "{}"),
        row("listeners on distinct ports", "{\"listeners\":[{\"portMapping\":{\"port\":80,\"protocol\":\"http\"}},"
            + "{\"portMapping\":{\"port\":81,\"protocol\":\"http\"}}]}"),
        row("two listeners on one port", "{\"listeners\":[{\"portMapping\":{\"port\":80,\"protocol\":\"http\"}},"
                + "{\"portMapping\":{\"port\":81,\"protocol\":\"tcp\"}},{\"portMapping\":{\"port\":80,\"protocol\":\"grpc\"}}]}",
            "spec.listeners[2].portMapping.port: port 80 is already used by spec.listeners[0]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void validate(String name, String spec, List<String> expected) {
    assertThat(RulesTable.violations(new VirtualRouterRules(), VirtualRouterSpec.getDefaultInstance(), spec))
        .containsExactlyElementsOf(expected);
  }
}
