package dev.meshplane.envoy.status;

import static dev.meshplane.model.ResourceKind.ROUTE;
import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ROUTE_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.configstore.ProxyStatusEntry;
import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import dev.meshplane.configstore.sqlite.SqliteProxyStatusStore;
import dev.meshplane.envoy.AdsTestClient;
import dev.meshplane.envoy.EnvoyManagement;
import dev.meshplane.envoy.ManagementFixture;
import dev.meshplane.envoy.TestMesh;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.status.v3.ClientConfig;
import io.envoyproxy.envoy.service.status.v3.ClientStatusDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.status.v3.ClientStatusRequest;
import io.envoyproxy.envoy.service.status.v3.ClientStatusResponse;
import io.envoyproxy.envoy.service.status.v3.ConfigStatus;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxy status as the API and CSDS see it, with two management instances publishing to one
 * status store and raw ADS clients (which ACK or NACK when the test says): a push is STALE until
 * ACKed, then SYNCED; a NACK is NACKED with the client's error; both instances' proxies show; a
 * closed stream disappears; a CSDS client (grpc-java stub) lists the nodes and per-type status.
 */
class ProxyStatusTest {
  private static final String CLIENT = "mesh/demo/virtualNode/client";
  private static final String BACKEND = "mesh/demo/virtualNode/backend";
  private static final String ROUTE_NAME = "rds_egress_http_15001";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  private SqliteConfigStore configs;
  private SqliteProxyStatusStore statuses;
  private EnvoyManagement first;
  private EnvoyManagement second;
  private TestMesh mesh;

  @BeforeEach
  void start() {
    configs = SqliteConfigStore.open(dataDir);
    statuses = SqliteProxyStatusStore.open(dataDir);
    mesh = TestMesh.routedDemo();
    mesh.store(configs, 1);
    first = management("em-1");
    second = management("em-2");
  }

  private EnvoyManagement management(String instance) {
    return ManagementFixture.builder(configs)
        .statusPublishing(statuses, new ProxyStatusPublisher.Settings(instance, Duration.ofMillis(100),
            Duration.ofSeconds(3)))
        .start();
  }

  @AfterEach
  void stop() {
    first.close();
    second.close();
    statuses.close();
    configs.close();
  }

  @Test
  void aPushIsStaleUntilAckedThenSyncedAndANackShowsItsError() throws Exception {
    try (AdsTestClient envoy = new AdsTestClient(first.xdsPort(), AdsTestClient.node(CLIENT, "envoy"))) {
      envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
      DiscoveryResponse clusters = envoy.next(CLUSTER_TYPE_URL);
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        JsonNode cds = type(stream(CLIENT).orElseThrow(), "Cluster");
        assertThat(cds.path("status").asText()).isEqualTo("STALE");
        assertThat(cds.path("sentVersion").asText()).isEqualTo(clusters.getVersionInfo());
      });
      JsonNode stale = stream(CLIENT).orElseThrow();
      assertThat(stale.path("instance").asText()).isEqualTo("em-1");
      assertThat(stale.path("variant").asText()).isEqualTo("SIDECAR");
      assertThat(stale.path("clientVersion").asText()).startsWith("envoy");
      assertThat(stale.path("status").asText()).isEqualTo("STALE");
      assertThat(type(stale, "Listener").path("status").asText()).isEqualTo("NOT_SENT");

      envoy.ack(clusters, List.of());
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        JsonNode synced = stream(CLIENT).orElseThrow();
        assertThat(type(synced, "Cluster").path("status").asText()).isEqualTo("SYNCED");
        assertThat(type(synced, "Cluster").path("ackedVersion").asText()).isEqualTo(clusters.getVersionInfo());
        assertThat(synced.path("generation").asLong()).isEqualTo(1);
        assertThat(synced.path("journalCommitTime").asText()).isNotEmpty();
        assertThat(synced.path("lastConvergedAt").asText()).isNotEmpty();
      });

      envoy.request(ROUTE_TYPE_URL, List.of(ROUTE_NAME), "", "");
      DiscoveryResponse routes = envoy.next(ROUTE_TYPE_URL);
      envoy.nack(routes, List.of(ROUTE_NAME), "", "route rejected by test: unknown filter");
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        JsonNode nacked = stream(CLIENT).orElseThrow();
        assertThat(nacked.path("status").asText()).isEqualTo("NACKED");
        assertThat(type(nacked, "RouteConfiguration").path("status").asText()).isEqualTo("NACKED");
        assertThat(type(nacked, "RouteConfiguration").path("error").asText())
            .isEqualTo("route rejected by test: unknown filter");
      });

      // A change: the new routes are STALE until ACKed.
      mesh.update(ROUTE, "backend", "all", TestMesh.routeTo("/v2")).store(configs, 2);
      DiscoveryResponse changed = envoy.next(ROUTE_TYPE_URL);
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        JsonNode rds = type(stream(CLIENT).orElseThrow(), "RouteConfiguration");
        assertThat(rds.path("status").asText()).isEqualTo("STALE");
        assertThat(rds.path("sentVersion").asText()).isEqualTo(changed.getVersionInfo());
      });
      envoy.ack(changed, List.of(ROUTE_NAME));
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        JsonNode synced = stream(CLIENT).orElseThrow();
        assertThat(type(synced, "RouteConfiguration").path("status").asText()).isEqualTo("SYNCED");
        assertThat(synced.path("generation").asLong()).isEqualTo(2);
      });

      // What the instance serves the proxy is published too (for proxy-config).
      assertThat(statuses.listMesh("demo", Clock.systemUTC().instant()))
          .anySatisfy(entry -> {
            assertThat(entry.kind()).isEqualTo(ProxyStatusEntry.SERVED);
            assertThat(entry.proxyKey()).isEqualTo(CLIENT);
            assertThat(JSON.readTree(entry.document()).path("generation").asLong()).isEqualTo(2);
          });
    }
  }

  @Test
  void bothInstancesProxiesShowAndAClosedStreamDisappears() throws Exception {
    try (AdsTestClient client = new AdsTestClient(first.xdsPort(), AdsTestClient.node(CLIENT, "envoy"));
        AdsTestClient backend = new AdsTestClient(second.xdsPort(), AdsTestClient.node(BACKEND, "envoy"))) {
      client.request(CLUSTER_TYPE_URL, List.of(), "", "");
      client.ack(client.next(CLUSTER_TYPE_URL), List.of());
      backend.request(CLUSTER_TYPE_URL, List.of(), "", "");
      backend.next(CLUSTER_TYPE_URL);
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        assertThat(stream(CLIENT)).hasValueSatisfying(s -> assertThat(s.path("instance").asText()).isEqualTo("em-1"));
        assertThat(stream(BACKEND)).hasValueSatisfying(s -> assertThat(s.path("instance").asText()).isEqualTo("em-2"));
      });

      backend.cancel();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(stream(BACKEND)).isEmpty());
      assertThat(stream(CLIENT)).isPresent();
    }
    // An instance that stops takes its proxies with it.
    first.close();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(stream(CLIENT)).isEmpty());
    first = management("em-1");
  }

  @Test
  void csdsListsTheNodesWithTheirPerTypeStatus() throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", first.xdsPort()).usePlaintext().build();
    try (AdsTestClient envoy = new AdsTestClient(first.xdsPort(), AdsTestClient.node(CLIENT, "envoy"))) {
      envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
      DiscoveryResponse clusters = envoy.next(CLUSTER_TYPE_URL);
      envoy.ack(clusters, List.of());
      envoy.request(ROUTE_TYPE_URL, List.of(ROUTE_NAME), "", "");
      envoy.nack(envoy.next(ROUTE_TYPE_URL), List.of(ROUTE_NAME), "", "no such filter");
      var csds = ClientStatusDiscoveryServiceGrpc.newBlockingStub(channel);
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        ClientStatusResponse response = csds.fetchClientStatus(ClientStatusRequest.getDefaultInstance());
        assertThat(response.getConfigList()).extracting(c -> c.getNode().getId()).containsExactly(CLIENT);
        Map<String, ClientConfig.GenericXdsConfig> types = response.getConfig(0).getGenericXdsConfigsList().stream()
            .collect(Collectors.toMap(ClientConfig.GenericXdsConfig::getTypeUrl, Function.identity()));
        assertThat(types.get(CLUSTER_TYPE_URL).getConfigStatus()).isEqualTo(ConfigStatus.SYNCED);
        assertThat(types.get(CLUSTER_TYPE_URL).getVersionInfo()).isEqualTo(clusters.getVersionInfo());
        assertThat(types.get(ROUTE_TYPE_URL).getConfigStatus()).isEqualTo(ConfigStatus.ERROR);
        assertThat(types.get(ROUTE_TYPE_URL).getErrorState().getDetails()).isEqualTo("no such filter");
      });
      // The other instance has no streams, so it lists none.
      ManagedChannel other = NettyChannelBuilder.forAddress("127.0.0.1", second.xdsPort()).usePlaintext().build();
      try {
        assertThat(ClientStatusDiscoveryServiceGrpc.newBlockingStub(other)
            .fetchClientStatus(ClientStatusRequest.getDefaultInstance()).getConfigList()).isEmpty();
      } finally {
        other.shutdownNow();
      }
    } finally {
      channel.shutdownNow();
    }
  }

  private Optional<JsonNode> stream(String proxyKey) {
    return statuses.listMesh("demo", Clock.systemUTC().instant()).stream()
        .filter(entry -> entry.kind().equals(ProxyStatusEntry.STREAM) && entry.proxyKey().equals(proxyKey))
        .map(entry -> parse(entry.document()))
        .findFirst();
  }

  private static JsonNode type(JsonNode stream, String type) {
    return StreamSupport.stream(stream.path("types").spliterator(), false)
        .filter(t -> t.path("type").asText().equals(type)).findFirst().orElseThrow();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

}
