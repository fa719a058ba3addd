package dev.meshplane.envoy;

import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import dev.meshplane.envoy.security.TestCertificates;
import dev.meshplane.envoy.security.XdsSecurity;
import dev.meshplane.envoy.security.XdsTls;
import dev.meshplane.proxyconfig.StoredProxyConfigCodec;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * xDS over TLS with client certificates made here: a certificate whose URI SAN names node A gets
 * A's config and nothing else; no certificate, a certificate naming no node, or one from another
 * CA gets nothing.
 */
class XdsMutualTlsTest {
  private static final String NODE_A = "arn:aws:appmesh:us-west-2:111122223333:mesh/demo/virtualNode/a";
  private static final String NODE_B = "mesh/demo/virtualNode/b";

  @TempDir Path dir;
  private SqliteConfigStore store;
  private EnvoyManagement management;
  private TestCertificates.Issued ca;

  @BeforeEach
  void start() {
    store = SqliteConfigStore.open(dir);
    new TestMesh("demo")
        .add(VIRTUAL_NODE, null, "a", TestMesh.httpNode("a.demo.local"))
        .add(VIRTUAL_NODE, null, "b", TestMesh.httpNode("b.demo.local"))
        .store(store, 1);
    ca = TestCertificates.authority(dir, "xds-client-ca");
    TestCertificates.Issued server = TestCertificates.server(dir, ca);
    XdsSecurity security = new XdsSecurity(
        Optional.of(new XdsTls(server.certificateFile(), server.keyFile(), Optional.of(ca.certificateFile()))),
        Optional.empty(), "us-west-2", false);
    management = EnvoyManagement.builder(store, ManagementFixture.settings(4))
        .xdsSecurity(security)
        .start();
  }

  @AfterEach
  void stop() {
    management.close();
    store.close();
  }

  @Test
  void certificateOfNodeAReceivesTheConfigOfA() throws Exception {
    TestCertificates.Issued client = TestCertificates.client(dir, "a", ca, NODE_A);
    try (AdsTestClient envoy = new AdsTestClient(channel(client), AdsTestClient.node(NODE_A, "envoy"))) {
      envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
      DiscoveryResponse cds = envoy.next(CLUSTER_TYPE_URL);
      assertThat(StoredProxyConfigCodec.unpack(cds.getResourcesList(), Cluster.class)).isNotEmpty();
    }
  }

  @Test
  void theShortFormOfTheNodeIdIsTheSameNode() throws Exception {
    TestCertificates.Issued client = TestCertificates.client(dir, "a", ca, NODE_A);
    try (AdsTestClient envoy = new AdsTestClient(channel(client), AdsTestClient.node("mesh/demo/virtualNode/a", "envoy"))) {
      envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
      assertThat(envoy.next(CLUSTER_TYPE_URL).getResourcesCount()).isPositive();
    }
  }

  @Test
  void certificateOfNodeAAskingForNodeBIsDeniedAndReceivesNothing() throws Exception {
    TestCertificates.Issued client = TestCertificates.client(dir, "a", ca, NODE_A);
    try (AdsTestClient envoy = new AdsTestClient(channel(client), AdsTestClient.node(NODE_B, "envoy"))) {
      envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
      Status status = Status.fromThrowable(envoy.closedWith());
      assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(status.getDescription()).contains(NODE_B).contains("mesh/demo/virtualNode/a");
      assertThat(envoy.nextWithin(Duration.ofMillis(300))).isEmpty();
    }
  }

  @Test
  void deltaStreamsAreCheckedTheSameWay() throws Exception {
    TestCertificates.Issued client = TestCertificates.client(dir, "a", ca, NODE_A);
    try (AdsTestClient envoy = new AdsTestClient(channel(client), AdsTestClient.node(NODE_B, "envoy"))) {
      envoy.deltaRequest(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER_TYPE_URL));
      assertThat(Status.fromThrowable(envoy.closedWith()).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }
    try (AdsTestClient envoy = new AdsTestClient(channel(client), AdsTestClient.node(NODE_A, "envoy"))) {
      envoy.deltaRequest(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER_TYPE_URL));
      assertThat(envoy.nextDelta().getResourcesCount()).isPositive();
    }
  }

  @Test
  void noClientCertificateIsUnauthenticated() throws Exception {
    try (AdsTestClient envoy = new AdsTestClient(channel(null), AdsTestClient.node(NODE_A, "envoy"))) {
      envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
      Status status = Status.fromThrowable(envoy.closedWith());
      assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(status.getDescription()).contains("client certificate").contains("SigV4");
      assertThat(envoy.nextWithin(Duration.ofMillis(300))).isEmpty();
    }
  }

  @Test
  void certificateNamingNoNodeIsUnauthenticated() throws Exception {
    TestCertificates.Issued client = TestCertificates.client(dir, "nobody", ca, null);
    try (AdsTestClient envoy = new AdsTestClient(channel(client), AdsTestClient.node(NODE_A, "envoy"))) {
      envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
      Status status = Status.fromThrowable(envoy.closedWith());
      assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(status.getDescription()).contains("no URI SAN naming a node");
    }
  }

  @Test
  void certificateFromAnotherAuthorityProvesNothing() throws Exception {
    TestCertificates.Issued otherCa = TestCertificates.authority(dir, "other-ca");
    TestCertificates.Issued client = TestCertificates.client(dir, "forged", otherCa, NODE_A);
    try (AdsTestClient envoy = new AdsTestClient(channel(client), AdsTestClient.node(NODE_A, "envoy"))) {
      envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
      // The server names the CAs it accepts, so the client withholds this certificate and arrives
      // with none (UNAUTHENTICATED); a client that sent it anyway would fail the handshake (UNAVAILABLE).
      assertThat(Status.fromThrowable(envoy.closedWith()).getCode())
          .isIn(Status.Code.UNAUTHENTICATED, Status.Code.UNAVAILABLE);
      assertThat(envoy.nextWithin(Duration.ofMillis(300))).isEmpty();
    }
  }

  @Test
  void healthStaysOpenWithoutAnIdentityButOverTls() throws Exception {
    ManagedChannel channel = channel(null);
    try {
      assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance()).getStatus().name()).isEqualTo("SERVING");
    } finally {
      channel.shutdownNow();
    }
  }

  /** A TLS channel trusting the test CA for the server, presenting {@code client} when given. */
  private ManagedChannel channel(TestCertificates.Issued client) throws Exception {
    SslContextBuilder tls = GrpcSslContexts.forClient().trustManager(ca.certificateFile().toFile());
    if (client != null) {
      tls.keyManager(client.certificateFile().toFile(), client.keyFile().toFile());
    }
    return NettyChannelBuilder.forAddress("127.0.0.1", management.xdsPort()).sslContext(tls.build()).build();
  }
}
