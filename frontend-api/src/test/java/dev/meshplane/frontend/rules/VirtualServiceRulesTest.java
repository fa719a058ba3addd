package dev.meshplane.frontend.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.ProtoJson;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.appmesh.VirtualServiceSpec;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Virtual service rules: no cross-field rule; the provider must exist while it provides. */
class VirtualServiceRulesTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("no provider", "{}", Set.of()),
        Arguments.of("virtual node provider", "{\"provider\":{\"virtualNode\":{\"virtualNodeName\":\"n\"}}}",
            Set.of(ResourceId.of("m", ResourceKind.VIRTUAL_NODE, "n"))),
        Arguments.of("virtual router provider", "{\"provider\":{\"virtualRouter\":{\"virtualRouterName\":\"r\"}}}",
            Set.of(ResourceId.of("m", ResourceKind.VIRTUAL_ROUTER, "r"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void references(String name, String json, Set<ResourceId> expected) {
    VirtualServiceSpec spec = ProtoJson.parse(json, VirtualServiceSpec.getDefaultInstance());
    VirtualServiceRules rules = new VirtualServiceRules();
    assertThat(rules.validate(spec)).isEmpty();
    assertThat(rules.references(ResourceId.of("m", ResourceKind.VIRTUAL_SERVICE, "s.local"), spec))
        .isEqualTo(expected);
  }
}
