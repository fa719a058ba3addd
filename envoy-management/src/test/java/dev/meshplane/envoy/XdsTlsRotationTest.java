package dev.meshplane.envoy;

import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import dev.meshplane.envoy.security.TestCertificates;
import dev.meshplane.envoy.security.XdsSecurity;
import dev.meshplane.envoy.security.XdsTls;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The xDS port's certificate and client CA are re-read from their files while it runs: a renewed
 * certificate is served to new connections without a restart, and a broken file leaves the
 * previous material in use.
 */
class XdsTlsRotationTest {
  private static final String NODE_A = "mesh/demo/virtualNode/a";
  private static final Duration RELOAD = Duration.ofMillis(200);

  @TempDir Path dir;
  private SqliteConfigStore store;
  private EnvoyManagement management;
  private TestCertificates.Issued ca1;
  private TestCertificates.Issued ca2;
  private Path serverCertificate;
  private Path serverKey;
  private Path clientCa;

  @BeforeEach
  void start() throws Exception {
    store = SqliteConfigStore.open(dir);
    new TestMesh("demo").add(VIRTUAL_NODE, null, "a", TestMesh.httpNode("a.demo.local")).store(store, 1);
    ca1 = TestCertificates.authority(Files.createDirectory(dir.resolve("one")), "ca-one");
    ca2 = TestCertificates.authority(Files.createDirectory(dir.resolve("two")), "ca-two");
    TestCertificates.Issued server = TestCertificates.server(dir.resolve("one"), ca1);
    // The files the server is configured with, as cert-manager's mounted Secret would be.
    Path live = Files.createDirectory(dir.resolve("live"));
    serverCertificate = Files.copy(server.certificateFile(), live.resolve("tls.crt"));
    serverKey = Files.copy(server.keyFile(), live.resolve("tls.key"));
    clientCa = Files.copy(ca1.certificateFile(), live.resolve("ca.crt"));
    XdsSecurity security = new XdsSecurity(
        Optional.of(new XdsTls(serverCertificate, serverKey, Optional.of(clientCa), RELOAD)),
        Optional.empty(), "us-west-2", false);
    management = ManagementFixture.builder(store).xdsSecurity(security).start();
  }

  @AfterEach
  void stop() {
    management.close();
    store.close();
  }

  @Test
  void aRenewedServerCertificateIsServedWithoutRestartAndABrokenOneIsIgnored() throws Exception {
    assertThat(handshakeSucceeds(ca1)).isTrue();

    TestCertificates.Issued renewed = TestCertificates.server(dir.resolve("two"), ca2);
    replace(serverCertificate, renewed.certificateFile());
    replace(serverKey, renewed.keyFile());
    await().atMost(Duration.ofSeconds(10)).until(() -> handshakeSucceeds(ca2));
    assertThat(handshakeSucceeds(ca1)).as("a client trusting only the old CA").isFalse();

    // A half-written renewal: the previous (CA2) certificate stays in use and the port stays up.
    Files.writeString(serverCertificate, "-----BEGIN CERTIFICATE-----\nnot a certificate\n");
    awaitFullReload();
    assertThat(handshakeSucceeds(ca2)).isTrue();
    // A certificate without its new key (the key file not yet replaced) is refused the same way.
    replace(serverCertificate, TestCertificates.server(dir.resolve("one"), ca1).certificateFile());
    awaitFullReload();
    assertThat(handshakeSucceeds(ca2)).isTrue();
    assertThat(handshakeSucceeds(ca1)).isFalse();
  }

  @Test
  void aRotatedClientCaAcceptsTheNewAuthoritysCertificates() throws Exception {
    TestCertificates.Issued fromCa2 = TestCertificates.client(dir.resolve("two"), "a", ca2, NODE_A);
    assertThat(xdsCallStatus(fromCa2)).isEqualTo(Status.Code.UNAUTHENTICATED);

    Files.writeString(clientCa, "garbage");
    awaitFullReload();
    TestCertificates.Issued fromCa1 = TestCertificates.client(dir.resolve("one"), "a", ca1, NODE_A);
    assertThat(xdsCallStatus(fromCa1)).as("the previous CA stays in use").isEqualTo(Status.Code.OK);

    replace(clientCa, ca2.certificateFile());
    await().atMost(Duration.ofSeconds(10)).until(() -> xdsCallStatus(fromCa2) == Status.Code.OK);
    assertThat(xdsCallStatus(fromCa1)).isNotEqualTo(Status.Code.OK);
  }

  /**
   * Waits until a reload pass has started and finished after this call (two passes end: the first
   * may have read the files before they were written), instead of sleeping a few periods.
   */
  private void awaitFullReload() {
    long before = management.xdsTls().orElseThrow().reloads();
    await().atMost(Duration.ofSeconds(10)).until(() -> management.xdsTls().orElseThrow().reloads() >= before + 2);
  }

  /** Whether a TLS client trusting only {@code ca} completes a call (health needs no identity). */
  private boolean handshakeSucceeds(TestCertificates.Issued ca) throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", management.xdsPort())
        .sslContext(GrpcSslContexts.forClient().trustManager(ca.certificateFile().toFile()).build()).build();
    try {
      HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance());
      return true;
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      return false;
    } finally {
      channel.shutdownNow();
    }
  }

  /** How an ADS request for node A ends with {@code client}'s certificate: OK when it gets its config. */
  private Status.Code xdsCallStatus(TestCertificates.Issued client) throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", management.xdsPort())
        .sslContext(GrpcSslContexts.forClient().trustManager(ca1.certificateFile().toFile())
            .keyManager(client.certificateFile().toFile(), client.keyFile().toFile()).build())
        .build();
    try (AdsTestClient envoy = new AdsTestClient(channel, AdsTestClient.node(NODE_A, "envoy"))) {
      envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
      return envoy.nextWithin(Duration.ofSeconds(3)).isPresent()
          ? Status.Code.OK : Status.fromThrowable(envoy.closedWith()).getCode();
    }
  }

  /** Replaces a file's content at once (write aside, then rename), as a Secret volume update does. */
  private static void replace(Path target, Path source) throws Exception {
    Path aside = target.resolveSibling(target.getFileName() + ".new");
    Files.copy(source, aside, StandardCopyOption.REPLACE_EXISTING);
    Files.move(aside, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
