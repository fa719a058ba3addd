package dev.meshplane.envoy;

import static dev.meshplane.model.ResourceKind.ROUTE;
import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ROUTE_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import dev.meshplane.envoy.actors.ConnectionManager;
import dev.meshplane.envoy.actors.ManifestManager;
import dev.meshplane.envoy.actors.StreamStatus;
import dev.meshplane.envoy.node.ProxyTarget;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental (delta) xDS: a NACK is recorded with the client's error text, the proxy keeps what
 * it last accepted and is sent nothing new until the config changes; then only what changed comes.
 */
class DeltaNackTest {
  private static final String CLIENT = "mesh/demo/virtualNode/client";
  private static final String ROUTE_NAME = "rds_egress_http_15001";

  @TempDir Path dataDir;
  private SqliteConfigStore store;
  private EnvoyManagement management;
  private TestMesh mesh;

  @BeforeEach
  void start() {
    store = SqliteConfigStore.open(dataDir);
    mesh = TestMesh.routedDemo();
    mesh.store(store, 1);
    management = EnvoyManagement.start(store, new EnvoyManagement.Settings(
        new InetSocketAddress("127.0.0.1", 0), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(200),
        Duration.ofSeconds(30), 2));
  }

  @AfterEach
  void stop() {
    management.close();
    store.close();
  }

  @Test
  void aDeltaNackIsRecordedAndNothingIsResentUntilTheConfigChanges() throws Exception {
    try (AdsTestClient envoy = new AdsTestClient(management.xdsPort(), AdsTestClient.node(CLIENT, "envoy"))) {
      envoy.deltaRequest(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER_TYPE_URL));
      DeltaDiscoveryResponse clusters = envoy.nextDelta();
      assertThat(clusters.getResourcesList()).isNotEmpty();
      envoy.deltaRequest(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER_TYPE_URL)
          .setResponseNonce(clusters.getNonce()));

      envoy.deltaRequest(DeltaDiscoveryRequest.newBuilder().setTypeUrl(ROUTE_TYPE_URL)
          .addResourceNamesSubscribe(ROUTE_NAME));
      DeltaDiscoveryResponse good = envoy.nextDelta();
      assertThat(good.getResourcesList()).extracting(Resource::getName).containsExactly(ROUTE_NAME);
      envoy.deltaRequest(DeltaDiscoveryRequest.newBuilder().setTypeUrl(ROUTE_TYPE_URL)
          .setResponseNonce(good.getNonce()));

      // A change to the route only: the route is sent, and the clusters (unchanged) are not.
      mesh.update(ROUTE, "backend", "all", TestMesh.routeTo("/api")).store(store, 2);
      DeltaDiscoveryResponse rejected = envoy.nextDelta();
      assertThat(rejected.getTypeUrl()).isEqualTo(ROUTE_TYPE_URL);
      assertThat(rejected.getResourcesList()).extracting(Resource::getName).containsExactly(ROUTE_NAME);
      assertThat(rejected.getResources(0).getVersion()).isNotEqualTo(good.getResources(0).getVersion());

      envoy.deltaNack(rejected, "route rejected by test: unknown filter");

      ProxyTarget target = ManagementFixture.NODE_IDENTITY.identify(AdsTestClient.node(CLIENT, "envoy"));
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        StreamStatus routes = status(target).streams().values().iterator().next().get(ROUTE_TYPE_URL);
        assertThat(routes.nackError()).contains("route rejected by test: unknown filter");
        // What the proxy still runs: the response it last ACKed.
        assertThat(routes.ackedVersion()).isEqualTo(good.getSystemVersionInfo());
      });
      // The rejected version is not pushed again, nor anything else, while the config stands.
      assertThat(envoy.nextDeltaWithin(Duration.ofMillis(700))).isEmpty();

      mesh.update(ROUTE, "backend", "all", TestMesh.routeTo("/v2")).store(store, 3);
      DeltaDiscoveryResponse fixed = envoy.nextDelta();
      assertThat(fixed.getTypeUrl()).isEqualTo(ROUTE_TYPE_URL);
      assertThat(fixed.getResourcesList()).extracting(Resource::getName).containsExactly(ROUTE_NAME);
      envoy.deltaRequest(DeltaDiscoveryRequest.newBuilder().setTypeUrl(ROUTE_TYPE_URL)
          .setResponseNonce(fixed.getNonce()));
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        StreamStatus routes = status(target).streams().values().iterator().next().get(ROUTE_TYPE_URL);
        assertThat(routes.nackError()).isEmpty();
        assertThat(routes.ackedVersion()).isEqualTo(fixed.getSystemVersionInfo());
      });
    }
  }


  private ManifestManager.Status status(ProxyTarget target) throws Exception {
    CompletionStage<ManifestManager.Status> reply = AskPattern.ask(management.connections(),
        replyTo -> new ConnectionManager.GetProxyStatus(target, replyTo), Duration.ofSeconds(1),
        management.actorSystem().scheduler());
    return reply.toCompletableFuture().get();
  }
}
