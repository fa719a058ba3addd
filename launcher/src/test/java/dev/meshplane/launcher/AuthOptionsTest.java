package dev.meshplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuthOptionsTest {
  @TempDir Path dir;

  @Test
  void iamFileBecomesTheConfigKeyOnServerAndFrontend() throws Exception {
    Path file = Files.writeString(dir.resolve("iam.json"), "{\"principals\":[]}");
    ServerCommand server = new ServerCommand();
    new CommandLine(server).parseArgs("--iam-file", file.toString());
    assertThat(server.auth.properties()).containsEntry("meshplane.iam-file", file.toAbsolutePath().toString());
    ServiceCommands.Frontend frontend = new ServiceCommands.Frontend();
    new CommandLine(frontend).parseArgs("--iam-file", file.toString());
    assertThat(frontend.auth.properties()).containsEntry("meshplane.iam-file", file.toAbsolutePath().toString());
  }

  @Test
  void aMissingIamFileIsRefusedByName() {
    ServerCommand server = new ServerCommand();
    new CommandLine(server).parseArgs("--iam-file", dir.resolve("nope.json").toString());
    assertThatThrownBy(() -> server.auth.properties()).hasMessageContaining("--iam-file").hasMessageContaining("nope.json");
  }

  @Test
  void withoutAnIamFileNoPrincipalsKeyIsSet() {
    ServerCommand server = new ServerCommand();
    new CommandLine(server).parseArgs();
    // The environment of a test run sets no MESHPLANE_IAM_FILE.
    assertThat(server.auth.properties()).doesNotContainKey("meshplane.iam-file");
  }
}
