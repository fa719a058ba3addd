package dev.meshplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshplane.transformer.synth.SynthesisOptions.SdsSource;
import io.micronaut.context.env.MapPropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Where App Mesh sds secrets come from: the SDS agent unless a secrets directory is given or the choice is explicit. */
class SdsSourceSettingTest {
  private static SdsSource resolved(Map<String, Object> properties) {
    return SdsSourceSetting.synthesisOptions(
        new PropertySourcePropertyResolver(new MapPropertySource("test", new HashMap<>(properties)))).sdsSource();
  }

  @Test
  void theAgentUnlessASecretsDirectoryIsGivenOrTheChoiceIsExplicit() {
    assertThat(resolved(Map.of())).isEqualTo(SdsSource.AGENT);
    assertThat(resolved(Map.of("meshplane.secrets-dir", "/secrets"))).isEqualTo(SdsSource.SECRETS_DIR);
    assertThat(resolved(Map.of("meshplane.secrets-dir", "/secrets", "meshplane.sds.source", "agent")))
        .isEqualTo(SdsSource.AGENT);
    assertThat(resolved(Map.of("meshplane.sds.source", "secrets-dir"))).isEqualTo(SdsSource.SECRETS_DIR);
    assertThatThrownBy(() -> resolved(Map.of("meshplane.sds.source", "spire")))
        .hasMessageContaining("meshplane.sds.source must be agent or secrets-dir, got \"spire\"");
  }

  @Test
  void theServerAndTransformerCommandsTakeTheOption() {
    ServerCommand server = new ServerCommand();
    new CommandLine(server).parseArgs("--sds-source", "secrets-dir");
    assertThat(server.sdsSource.properties()).containsExactly(Map.entry("meshplane.sds.source", "secrets-dir"));

    ServiceCommands.Transformer transformer = new ServiceCommands.Transformer();
    new CommandLine(transformer).parseArgs();
    assertThat(transformer.sdsSource.properties()).isEmpty();
  }
}
