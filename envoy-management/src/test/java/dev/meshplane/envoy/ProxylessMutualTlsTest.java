package dev.meshplane.envoy;

import static dev.meshplane.model.ResourceKind.ROUTE;
import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static dev.meshplane.model.ResourceKind.VIRTUAL_ROUTER;
import static dev.meshplane.model.ResourceKind.VIRTUAL_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import dev.meshplane.envoy.security.TestCertificates;
import dev.meshplane.envoy.security.XdsSecurity;
import dev.meshplane.envoy.security.XdsTls;
import io.grpc.CallOptions;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real grpc-java xDS client reaches the xDS server over TLS with a client certificate named in
 * its bootstrap (authentication required): the certificate of its own node gets it routed; a
 * certificate of another node gets it no config at all.
 */
class ProxylessMutualTlsTest {
  private static final String CLIENT = "arn:aws:appmesh:us-west-2:111122223333:mesh/demo/virtualNode/client";

  @TempDir Path dir;
  private SqliteConfigStore store;
  private Server backend;
  private EnvoyManagement management;
  private TestCertificates.Issued ca;

  @BeforeEach
  void start() throws IOException {
    backend = EchoService.start("backend");
    store = SqliteConfigStore.open(dir);
    new TestMesh("demo")
        .add(VIRTUAL_NODE, null, "backend", """
            {"listeners": [{"portMapping": {"port": %d, "protocol": "grpc"}}],
             "serviceDiscovery": {"dns": {"hostname": "127.0.0.1"}}}""".formatted(backend.getPort()))
        .add(VIRTUAL_NODE, null, "client", """
            {"backends": [{"virtualService": {"virtualServiceName": "echo.demo.local"}}],
             "serviceDiscovery": {"dns": {"hostname": "client.demo.local"}}}""")
        .add(VIRTUAL_ROUTER, null, "echo", """
            {"listeners": [{"portMapping": {"port": 50051, "protocol": "grpc"}}]}""")
        .add(ROUTE, "echo", "all", """
            {"grpcRoute": {"match": {"serviceName": "demo.Echo"},
              "action": {"weightedTargets": [{"virtualNode": "backend", "weight": 1}]}}}""")
        .add(VIRTUAL_SERVICE, null, "echo.demo.local", """
            {"provider": {"virtualRouter": {"virtualRouterName": "echo"}}}""")
        .store(store, 1);
    ca = TestCertificates.authority(dir, "ca");
    TestCertificates.Issued server = TestCertificates.server(dir, ca);
    management = EnvoyManagement.builder(store, ManagementFixture.settings(4))
        .xdsSecurity(new XdsSecurity(
            Optional.of(new XdsTls(server.certificateFile(), server.keyFile(), Optional.of(ca.certificateFile()))),
            Optional.empty(), "us-west-2", false))
        .start();
  }

  @AfterEach
  void stop() {
    management.close();
    store.close();
    backend.shutdownNow();
  }

  @Test
  void clientWithTheCertificateOfItsNodeIsRouted() throws Exception {
    TestCertificates.Issued certificate = TestCertificates.client(dir, "client", ca, CLIENT);
    try (ProxylessClient client =
        ProxylessClient.mutualTls(management.xdsPort(), ca, certificate, CLIENT, "echo.demo.local")) {
      assertThat(client.call()).isEqualTo("backend");
    }
  }

  @Test
  void clientWithTheCertificateOfAnotherNodeGetsNoConfig() throws Exception {
    TestCertificates.Issued certificate =
        TestCertificates.client(dir, "backend", ca, "mesh/demo/virtualNode/backend");
    try (ProxylessClient client =
        ProxylessClient.mutualTls(management.xdsPort(), ca, certificate, CLIENT, "echo.demo.local")) {
      StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
          () -> client.call(CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS)));
      assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(failure.getStatus().getDescription()).contains("PERMISSION_DENIED");
    }
  }
}
