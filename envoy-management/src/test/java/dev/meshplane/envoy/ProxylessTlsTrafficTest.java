package dev.meshplane.envoy;

import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static dev.meshplane.model.ResourceKind.VIRTUAL_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import dev.meshplane.envoy.security.TestCertificates;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client-policy TLS for a proxyless grpc-java client (gRFC A29): the synthesized cluster names
 * certificate provider instances after the policy's file paths, the client's bootstrap declares
 * those instances ({@code file_watcher}) and its channel uses XdsChannelCredentials. The backend is
 * a real grpc-java server with TLS that requires a client certificate, from a test CA.
 */
class ProxylessTlsTrafficTest {
  private static final String NODE = "arn:aws:appmesh:us-west-2:111122223333:mesh/secure/virtualNode/client";

  @TempDir Path dataDir;
  @TempDir Path certDir;
  private TestCertificates.Issued ca;
  private TestCertificates.Issued clientCertificate;
  private SqliteConfigStore store;
  private Server backend;
  private EnvoyManagement management;
  private ProxylessClient client;

  @BeforeEach
  void start() throws IOException {
    ca = TestCertificates.authority(certDir, "mesh-ca");
    // DNS SAN localhost, IP SAN 127.0.0.1.
    TestCertificates.Issued serverCertificate = TestCertificates.server(certDir, ca);
    clientCertificate = TestCertificates.client(certDir, "client", ca, "mesh/secure/virtualNode/client");
    backend = Grpc.newServerBuilderForPort(0, TlsServerCredentials.newBuilder()
            .keyManager(serverCertificate.certificateFile().toFile(), serverCertificate.keyFile().toFile())
            .trustManager(ca.certificateFile().toFile())
            .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
            .build())
        .addService(EchoService.answering("tls-backend"))
        .build().start();
    store = SqliteConfigStore.open(dataDir);
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (client != null) {
      client.close();
    }
    if (management != null) {
      management.close();
    }
    store.close();
    backend.shutdownNow();
  }

  @Test
  void mutualTlsWithTheMatchingSanAndCaSucceeds() throws IOException {
    connect(ca, List.of("other.test", "localhost"), true);

    assertThat(client.calls(5)).containsExactly(Map.entry("tls-backend", 5));
  }

  @Test
  void aSanListTheServerCertificateDoesNotMatchFailsTheCalls() throws IOException {
    connect(ca, List.of("greeter.secure.local"), true);

    assertFails("Peer certificate SAN check failed");
  }

  @Test
  void aCaThatDidNotSignTheServerCertificateFailsTheCalls() throws IOException {
    connect(TestCertificates.authority(certDir, "other-ca"), List.of("localhost"), true);

    assertFails("unable to find valid certification path");
  }

  @Test
  void withoutTheClientCertificateTheMutualTlsServerRefuses() throws IOException {
    connect(ca, List.of("localhost"), false);

    assertFails("CERTIFICATE_REQUIRED");
  }

  /** Stores the mesh and starts the client whose bootstrap declares the instances the policy names. */
  private void connect(TestCertificates.Issued trust, List<String> sans, boolean presentCertificate) throws IOException {
    String certificate = presentCertificate
        ? """
          "certificate": {"file": {"certificateChain": "%s", "privateKey": "%s"}},"""
            .formatted(clientCertificate.certificateFile(), clientCertificate.keyFile())
        : "";
    new TestMesh("secure")
        .add(VIRTUAL_NODE, null, "client", """
            {"backends": [{"virtualService": {"virtualServiceName": "echo.secure.local"}}],
             "backendDefaults": {"clientPolicy": {"tls": {%s
               "validation": {"trust": {"file": {"certificateChain": "%s"}},
                 "subjectAlternativeNames": {"match": {"exact": [%s]}}}}}},
             "serviceDiscovery": {"dns": {"hostname": "client.secure.local"}}}"""
            .formatted(certificate, trust.certificateFile(),
                String.join(",", sans.stream().map(s -> "\"" + s + "\"").toList())))
        .add(VIRTUAL_NODE, null, "echo", """
            {"listeners": [{"portMapping": {"port": %d, "protocol": "grpc"}}],
             "serviceDiscovery": {"dns": {"hostname": "127.0.0.1"}}}""".formatted(backend.getPort()))
        .add(VIRTUAL_SERVICE, null, "echo.secure.local", """
            {"provider": {"virtualNode": {"virtualNodeName": "echo"}}}""")
        .store(store, 1);
    management = ManagementFixture.start(store);
    // The meshplane convention: an instance per certificate file, named after its path. file_watcher
    // requires a certificate, key and CA in every instance; which part is used depends on the reference.
    Map<String, Object> fileWatcher = Map.of("plugin_name", "file_watcher", "config", Map.of(
        "certificate_file", clientCertificate.certificateFile().toString(),
        "private_key_file", clientCertificate.keyFile().toString(),
        "ca_certificate_file", trust.certificateFile().toString(),
        "refresh_interval", "600s"));
    client = ProxylessClient.xdsSecurity(management.xdsPort(), NODE, "echo.secure.local", Map.of(
        trust.certificateFile().toString(), fileWatcher,
        clientCertificate.certificateFile().toString(), fileWatcher));
  }

  /** The call fails in the TLS handshake (not for want of xDS config), for {@code reason}. */
  private void assertFails(String reason) {
    assertThatThrownBy(() -> client.call(CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS)))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE))
        .hasStackTraceContaining(reason);
  }
}
