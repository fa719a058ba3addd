package dev.meshplane.frontend.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.ProtoJson;
import dev.meshplane.model.appmesh.MeshSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mesh rules: App Mesh stores DROP_ALL when no egress filter is given, and keeps a given one. */
class MeshRulesTest {
  @ParameterizedTest(name = "{0} is stored as {1}")
  @CsvSource(delimiter = '|', value = {
      "{}                                       | {\"egressFilter\":{\"type\":\"DROP_ALL\"}}",
      "{\"egressFilter\":{\"type\":\"ALLOW_ALL\"}} | {\"egressFilter\":{\"type\":\"ALLOW_ALL\"}}",
      "{\"egressFilter\":{\"type\":\"DROP_ALL\"}}  | {\"egressFilter\":{\"type\":\"DROP_ALL\"}}"})
  void withDefaults(String given, String stored) {
    MeshRules rules = new MeshRules();
    MeshSpec spec = ProtoJson.parse(given, MeshSpec.getDefaultInstance());
    assertThat(rules.validate(spec)).isEmpty();
    assertThat(ProtoJson.toJsonString(rules.withDefaults(spec))).isEqualTo(stored);
  }
}
