package dev.meshplane.envoy;

import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import dev.meshplane.envoy.actors.ConnectionManager;
import dev.meshplane.envoy.actors.ManifestManager;
import dev.meshplane.envoy.actors.StreamStatus;
import dev.meshplane.envoy.node.ProxyTarget;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What any xDS client may send, conforming or not: the node only on a stream's first request;
 * streams that end in every way; type URLs that are not served; NACK floods; ARNs of another
 * region or account. The server must keep serving well-formed streams and release what each took.
 */
class XdsStreamHardeningTest {
  private static final String CLIENT = "mesh/demo/virtualNode/client";
  private static final Node ENVOY = AdsTestClient.node(CLIENT, "envoy");

  @TempDir Path dataDir;
  private SqliteConfigStore store;
  private EnvoyManagement management;
  private SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void start() {
    store = SqliteConfigStore.open(dataDir);
    new TestMesh("demo").add(VIRTUAL_NODE, null, "client", TestMesh.httpNode("localhost")).store(store, 1);
    management = ManagementFixture.builder(store).meterRegistry(registry).start();
  }

  @AfterEach
  void stop() {
    management.close();
    store.close();
  }

  @Test
  void laterRequestsWithoutANodeAreServedAsTheStreamsNode() throws Exception {
    try (AdsTestClient client = new AdsTestClient(management.xdsPort(), ENVOY)) {
      client.request(CLUSTER_TYPE_URL, List.of(), "", "");
      DiscoveryResponse cds = client.next(CLUSTER_TYPE_URL);
      client.send(nodeless(CLUSTER_TYPE_URL, cds.getVersionInfo(), cds.getNonce()));
      client.send(nodeless(LISTENER_TYPE_URL, "", ""));
      DiscoveryResponse lds = client.next(LISTENER_TYPE_URL);
      assertThat(lds.getResourcesCount()).isPositive();
      client.send(nodeless(LISTENER_TYPE_URL, lds.getVersionInfo(), lds.getNonce()));
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(status().streams().values())
          .singleElement().satisfies(types -> assertThat(types).containsKeys(CLUSTER_TYPE_URL, LISTENER_TYPE_URL)
              .allSatisfy((type, s) -> assertThat(s.nackError()).isEmpty())));
      assertThat(client.nextWithin(Duration.ofMillis(200))).isEmpty();
    }
  }

  @Test
  void laterDeltaRequestsWithoutANodeAreServedAsTheStreamsNode() throws Exception {
    try (AdsTestClient client = new AdsTestClient(management.xdsPort(), ENVOY)) {
      client.deltaRequest(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER_TYPE_URL));
      DeltaDiscoveryResponse cds = client.nextDelta();
      client.sendDelta(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER_TYPE_URL)
          .setResponseNonce(cds.getNonce()).build());
      client.sendDelta(DeltaDiscoveryRequest.newBuilder().setTypeUrl(LISTENER_TYPE_URL).build());
      DeltaDiscoveryResponse lds = client.nextDelta();
      assertThat(lds.getTypeUrl()).isEqualTo(LISTENER_TYPE_URL);
      assertThat(lds.getResourcesCount()).isPositive();
    }
  }

  @Test
  void aFirstRequestWithoutANodeIsRefusedByName() throws Exception {
    try (AdsTestClient client = new AdsTestClient(management.xdsPort(), ENVOY)) {
      client.send(nodeless(CLUSTER_TYPE_URL, "", ""));
      Status status = Status.fromThrowable(client.closedWith());
      assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(status.getDescription()).contains("node.id is empty");
    }
  }

  @Test
  void everyWayAStreamEndsReleasesItsSlot() throws Exception {
    int slots = ManagementFixture.STREAMS_PER_PROXY;
    for (int round = 0; round < slots + 1; round++) {
      // Cancelled by the client.
      try (AdsTestClient client = new AdsTestClient(management.xdsPort(), ENVOY)) {
        client.request(CLUSTER_TYPE_URL, List.of(), "", "");
        client.next(CLUSTER_TYPE_URL);
      }
      // Half-closed by the client.
      try (AdsTestClient client = new AdsTestClient(management.xdsPort(), ENVOY)) {
        client.request(CLUSTER_TYPE_URL, List.of(), "", "");
        client.next(CLUSTER_TYPE_URL);
        client.halfClose();
        assertThat(client.closedWith()).isNull();
      }
      // Closed with an error after admission: another node named within the stream.
      try (AdsTestClient client = new AdsTestClient(management.xdsPort(), ENVOY)) {
        client.request(CLUSTER_TYPE_URL, List.of(), "", "");
        client.next(CLUSTER_TYPE_URL);
        client.send(DiscoveryRequest.newBuilder().setTypeUrl(LISTENER_TYPE_URL)
            .setNode(AdsTestClient.node("mesh/demo/virtualNode/other", "envoy")).build());
        assertThat(Status.fromThrowable(client.closedWith()).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      }
      // Refused after admission for a type URL that is not served.
      try (AdsTestClient client = new AdsTestClient(management.xdsPort(), ENVOY)) {
        client.request(CLUSTER_TYPE_URL, List.of(), "", "");
        client.next(CLUSTER_TYPE_URL);
        client.request("type.googleapis.com/envoy.config.core.v3.Unknown", List.of(), "", "");
        assertThat(Status.fromThrowable(client.closedWith()).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      }
      // Delta, cancelled.
      try (AdsTestClient client = new AdsTestClient(management.xdsPort(), ENVOY)) {
        client.deltaRequest(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER_TYPE_URL));
        client.nextDelta();
      }
    }
    awaitNoOpenStream();
    // The proxy is not locked out: a new stream is admitted and served.
    try (AdsTestClient client = new AdsTestClient(management.xdsPort(), ENVOY)) {
      client.request(CLUSTER_TYPE_URL, List.of(), "", "");
      assertThat(client.next(CLUSTER_TYPE_URL).getResourcesCount()).isPositive();
    }
  }

  @Test
  void unservedTypeUrlsAreRefusedByNameAndTheServerGoesOn() throws Exception {
    Map<String, String> refusals = Map.of(
        "type.googleapis.com/envoy.api.v2.Listener", "xDS v2",
        "type.googleapis.com/envoy.config.core.v3.Nonsense", "is not served",
        "", "type_url is empty");
    for (Map.Entry<String, String> refusal : refusals.entrySet()) {
      try (AdsTestClient client = new AdsTestClient(management.xdsPort(), ENVOY)) {
        client.request(refusal.getKey(), List.of(), "", "");
        Status status = Status.fromThrowable(client.closedWith());
        assertThat(status.getCode()).as(refusal.getKey()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains(refusal.getValue()).contains(refusal.getKey());
      }
      try (AdsTestClient client = new AdsTestClient(management.xdsPort(), ENVOY)) {
        client.deltaRequest(DeltaDiscoveryRequest.newBuilder().setTypeUrl(refusal.getKey()));
        assertThat(Status.fromThrowable(client.closedWith()).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      }
    }
    // A per-type service asked for another type.
    try (AdsTestClient client = new AdsTestClient(management.xdsPort(), ENVOY)) {
      client.sendOnClusterService(DiscoveryRequest.newBuilder().setNode(ENVOY).setTypeUrl(LISTENER_TYPE_URL).build());
      Status status = Status.fromThrowable(client.closedWith());
      assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(status.getDescription()).contains(LISTENER_TYPE_URL).contains(CLUSTER_TYPE_URL);
    }
    awaitNoOpenStream();
    try (AdsTestClient client = new AdsTestClient(management.xdsPort(), ENVOY)) {
      client.request(CLUSTER_TYPE_URL, List.of(), "", "");
      assertThat(client.next(CLUSTER_TYPE_URL).getResourcesCount()).isPositive();
    }
  }

  @Test
  void aNackFloodKeepsOneBoundedDetailAndTheStreamServed() throws Exception {
    String huge = "x".repeat(1024 * 1024);
    try (AdsTestClient client = new AdsTestClient(management.xdsPort(), ENVOY)) {
      client.request(CLUSTER_TYPE_URL, List.of(), "", "");
      DiscoveryResponse cds = client.next(CLUSTER_TYPE_URL);
      for (int i = 0; i < 50; i++) {
        client.nack(cds, List.of(), "", i + " " + huge);
      }
      client.request(LISTENER_TYPE_URL, List.of(), "", "");
      assertThat(client.next(LISTENER_TYPE_URL).getResourcesCount()).isPositive();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        StreamStatus cluster = status().streams().values().iterator().next().get(CLUSTER_TYPE_URL);
        assertThat(cluster.nackError()).hasValueSatisfying(detail -> {
          assertThat(detail).startsWith("49 ");
          assertThat(detail.length()).isLessThan(65 * 1024);
        });
      });
    }
    assertThat(registry.get("meshplane.xds.nacks").tag("type", "Cluster").counter().count()).isEqualTo(50);
  }

  @Test
  void anArnOfAnotherRegionOrAccountIsRefusedAndTheControllersOwnerFormServed() throws Exception {
    for (String id : List.of("arn:aws:appmesh:eu-west-1:111122223333:mesh/demo/virtualNode/client",
        "arn:aws:appmesh:us-west-2:444455556666:mesh/demo/virtualNode/client",
        "mesh/demo@444455556666/virtualNode/client")) {
      try (AdsTestClient client = new AdsTestClient(management.xdsPort(), AdsTestClient.node(id, "envoy"))) {
        client.request(CLUSTER_TYPE_URL, List.of(), "", "");
        Status status = Status.fromThrowable(client.closedWith());
        assertThat(status.getCode()).as(id).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains("this server's meshes");
      }
    }
    for (String id : List.of("arn:aws:appmesh:us-west-2:111122223333:mesh/demo/virtualNode/client",
        "mesh/demo@111122223333/virtualNode/client")) {
      try (AdsTestClient client = new AdsTestClient(management.xdsPort(), AdsTestClient.node(id, "envoy"))) {
        client.request(CLUSTER_TYPE_URL, List.of(), "", "");
        assertThat(client.next(CLUSTER_TYPE_URL).getResourcesCount()).as(id).isPositive();
      }
    }
  }

  /** Thousands of streams opened and cancelled at once: every slot comes back, and the server still answers. */
  @Test
  void thousandsOfStreamsOpenedAndCancelledLeaveNothingBehind() throws Exception {
    management.close();
    registry = new SimpleMeterRegistry();
    management = EnvoyManagement.builder(store, ManagementFixture.settings(5_000)).meterRegistry(registry).start();
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", management.xdsPort()).usePlaintext().build();
    try {
      List<AdsTestClient> streams = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        AdsTestClient stream = new AdsTestClient(channel, ENVOY);
        stream.request(CLUSTER_TYPE_URL, List.of(), "", "");
        streams.add(stream);
      }
      for (AdsTestClient stream : streams) {
        stream.next(CLUSTER_TYPE_URL);
      }
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(registry.get("meshplane.xds.streams").gauge().value()).isEqualTo(2_000));
      streams.forEach(AdsTestClient::cancel);
      awaitNoOpenStream();
    } finally {
      channel.shutdownNow();
    }
    try (AdsTestClient client = new AdsTestClient(management.xdsPort(), ENVOY)) {
      client.request(CLUSTER_TYPE_URL, List.of(), "", "");
      assertThat(client.next(CLUSTER_TYPE_URL).getResourcesCount()).isPositive();
    }
  }

  private void awaitNoOpenStream() {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(registry.get("meshplane.xds.streams").gauge().value()).isZero());
  }

  private ManifestManager.Status status() throws Exception {
    ProxyTarget target = ManagementFixture.NODE_IDENTITY.identify(ENVOY);
    return AskPattern.<ConnectionManager.Command, ManifestManager.Status>ask(management.connections(),
        replyTo -> new ConnectionManager.GetProxyStatus(target, replyTo), Duration.ofSeconds(5),
        management.actorSystem().scheduler()).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static DiscoveryRequest nodeless(String typeUrl, String version, String nonce) {
    return DiscoveryRequest.newBuilder().setTypeUrl(typeUrl).setVersionInfo(version).setResponseNonce(nonce).build();
  }
}
