package dev.meshplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServerCommandTest {
  @Test
  void defaultsAreTheDocumentedOnes() {
    ServerCommand server = new ServerCommand();
    new CommandLine(server).parseArgs();
    // The environment of a test run does not set MESHPLANE_*; defaults apply.
    assertThat(server.dataDir).isEqualTo(Path.of(System.getenv().getOrDefault("MESHPLANE_DATA_DIR", "./data")));
    assertThat(server.apiPort).isEqualTo(Integer.parseInt(System.getenv().getOrDefault("MESHPLANE_API_PORT", "7080")));
    assertThat(server.xdsPort).isEqualTo(Integer.parseInt(System.getenv().getOrDefault("MESHPLANE_XDS_PORT", "7081")));
  }

  @Test
  void optionsOverrideDefaults() {
    ServerCommand server = new ServerCommand();
    new CommandLine(server).parseArgs("--data-dir", "/tmp/x", "--api-port", "9000", "--xds-port", "9001");
    assertThat(server.dataDir).isEqualTo(Path.of("/tmp/x"));
    assertThat(server.apiPort).isEqualTo(9000);
    assertThat(server.xdsPort).isEqualTo(9001);
  }

  @Test
  void theCommandLineKnowsTheServerCommand() {
    assertThat(new CommandLine(new Main()).getSubcommands()).containsKey("server");
  }
}
