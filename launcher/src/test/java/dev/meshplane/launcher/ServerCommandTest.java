package dev.meshplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
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

  /** server, frontend, transformer and envoy-management: one mixin, the same flags and defaults. */
  @Test
  void everyCommandTakesTheRegionAndAccountFlags() {
    CommandLine main = new CommandLine(new Main());
    // The service commands; the client commands (apply, export, history, rollback, proxy-status, proxy-config) take --endpoint and --region instead.
    List<String> services = List.of("server", "frontend", "transformer", "envoy-management");
    assertThat(main.getSubcommands()).containsKeys(services.toArray(String[]::new));
    services.forEach(name -> {
      CommandLine parsed = new CommandLine(new Main());
      parsed.parseArgs(name, "--region", "eu-west-1", "--account-id", "444455556666");
      CommandLine command = parsed.getSubcommands().get(name);
      assertThat(command.getCommandSpec().findOption("--region").<String>getValue()).as(name).isEqualTo("eu-west-1");
      assertThat(command.getCommandSpec().findOption("--account-id").<String>getValue()).as(name).isEqualTo("444455556666");
    });
    ServerCommand server = new ServerCommand();
    new CommandLine(server).parseArgs("--region", "eu-west-1", "--account-id", "444455556666");
    assertThat(server.account.properties())
        .containsEntry("meshplane.region", "eu-west-1")
        .containsEntry("meshplane.account-id", "444455556666");
  }

  @Test
  void aMalformedAccountIdIsRefusedBeforeStarting() {
    ServerCommand server = new ServerCommand();
    new CommandLine(server).parseArgs("--account-id", "12345");
    assertThatThrownBy(server.account::properties)
        .hasMessageContaining("--account-id must be 12 digits, got '12345'");
  }

  /** The PostgreSQL flags are one mixin, in the services at scale and in backup/restore alike. */
  @Test
  void thePostgresFlagsMeanTheSameInServicesAndMaintenanceCommands() {
    ServiceCommands.Frontend frontend = new ServiceCommands.Frontend();
    new CommandLine(frontend).parseArgs("--postgres-url", "jdbc:postgresql://db/mesh", "--postgres-user", "u",
        "--postgres-password", "p");
    assertThat(frontend.stores.requirePostgres().properties())
        .containsEntry("meshplane.store.postgres.url", "jdbc:postgresql://db/mesh")
        .containsEntry("meshplane.store.postgres.user", "u")
        .containsEntry("meshplane.store.postgres.password", "p");

    BackupCommand backup = new BackupCommand();
    new CommandLine(backup).parseArgs("--postgres-url", "jdbc:postgresql://db/mesh", "--to", "/tmp/b");
    assertThat(backup.store.describe()).isEqualTo("jdbc:postgresql://db/mesh");
  }

  /** The client commands share the connection flags through their base command. */
  @Test
  void everyClientCommandTakesTheEndpointAndRegion() {
    for (String name : List.of("apply", "export", "history", "rollback", "proxy-status", "proxy-config")) {
      CommandLine command = new CommandLine(new Main()).getSubcommands().get(name);
      assertThat(command.getCommandSpec().findOption("--endpoint")).as(name).isNotNull();
      assertThat(command.getCommandSpec().findOption("--region")).as(name).isNotNull();
      assertThat(command.getCommandSpec().findOption("--profile")).as(name).isNotNull();
    }
  }

  @Test
  void theCommandLineKnowsTheServerCommand() {
    assertThat(new CommandLine(new Main()).getSubcommands()).containsKey("server");
  }
}
