package dev.meshplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The TLS and xDS authentication options and the config keys they become. */
class XdsSecurityOptionsTest {

  @Test
  void theEmbeddedServerAllowsUnauthenticatedXdsUnlessToldOtherwiseAndTheSplitServiceDoesNot() {
    // The environment of a test run does not set MESHPLANE_XDS_ALLOW_UNAUTHENTICATED.
    ServerCommand server = new ServerCommand();
    new CommandLine(server).parseArgs();
    assertThat(server.xdsAllowUnauthenticated).isTrue();

    ServerCommand locked = new ServerCommand();
    new CommandLine(locked).parseArgs("--xds-allow-unauthenticated=false");
    assertThat(locked.xdsAllowUnauthenticated).isFalse();

    ServiceCommands.Management management = new ServiceCommands.Management();
    new CommandLine(management).parseArgs();
    assertThat(management.xdsAllowUnauthenticated).isFalse();

    ServiceCommands.Management open = new ServiceCommands.Management();
    new CommandLine(open).parseArgs("--xds-allow-unauthenticated");
    assertThat(open.xdsAllowUnauthenticated).isTrue();
  }

  @Test
  void tlsFilesBecomeTheConfigKeys() {
    ServerCommand server = new ServerCommand();
    new CommandLine(server).parseArgs("--api-port", "9443", "--api-tls-cert", "/etc/api.crt", "--api-tls-key", "/etc/api.key",
        "--xds-tls-cert", "/etc/xds.crt", "--xds-tls-key", "/etc/xds.key", "--xds-client-ca", "/etc/ca.crt");
    assertThat(server.apiTls.properties(server.apiPort))
        .containsEntry("micronaut.server.ssl.enabled", true)
        .containsEntry("micronaut.server.ssl.port", 9443)
        .containsEntry("micronaut.server.ssl.key-store.certificate-path", "file:/etc/api.crt")
        .containsEntry("micronaut.server.ssl.key-store.key-path", "file:/etc/api.key");
    assertThat(server.xdsTls.properties())
        .containsEntry("meshplane.xds.tls.certificate", "/etc/xds.crt")
        .containsEntry("meshplane.xds.tls.key", "/etc/xds.key")
        .containsEntry("meshplane.xds.client-ca", "/etc/ca.crt");
  }

  @Test
  void withoutTlsFilesNothingIsSet() {
    ServerCommand server = new ServerCommand();
    new CommandLine(server).parseArgs();
    assertThat(server.apiTls.properties(server.apiPort)).isEmpty();
    assertThat(server.xdsTls.properties()).isEmpty();
  }

  @Test
  void halfAConfigurationIsRefused() {
    ServerCommand certificateOnly = new ServerCommand();
    new CommandLine(certificateOnly).parseArgs("--api-tls-cert", "/etc/api.crt");
    assertThatThrownBy(() -> certificateOnly.apiTls.properties(7080)).hasMessageContaining("--api-tls-key");

    ServerCommand caWithoutTls = new ServerCommand();
    new CommandLine(caWithoutTls).parseArgs("--xds-client-ca", "/etc/ca.crt");
    assertThatThrownBy(caWithoutTls.xdsTls::properties).hasMessageContaining("--xds-tls-cert");
  }
}
