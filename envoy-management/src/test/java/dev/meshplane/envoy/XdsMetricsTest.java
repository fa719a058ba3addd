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
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A raw ADS client's real ACKs and NACKs move the xDS meters, and Prometheus text shows them. */
class XdsMetricsTest {
  private static final String CLIENT = "mesh/demo/virtualNode/client";

  @TempDir Path dataDir;
  private SqliteConfigStore store;
  private EnvoyManagement management;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @BeforeEach
  void start() {
    store = SqliteConfigStore.open(dataDir);
    new TestMesh("demo")
        .add(VIRTUAL_NODE, null, "client", TestMesh.httpNode("localhost"))
        .store(store, 1);
    management = ManagementFixture.builder(store).meterRegistry(registry).start();
  }

  @AfterEach
  void stop() {
    management.close();
    store.close();
  }

  @Test
  void acksNacksConvergenceAndConnectionsAreMeasured() throws Exception {
    try (AdsTestClient envoy = new AdsTestClient(management.xdsPort(), AdsTestClient.node(CLIENT, "envoy"))) {
      envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
      DiscoveryResponse cds = envoy.next(CLUSTER_TYPE_URL);
      envoy.ack(cds, List.of());
      envoy.request(LISTENER_TYPE_URL, List.of(), "", "");
      DiscoveryResponse lds = envoy.next(LISTENER_TYPE_URL);
      envoy.nack(lds, List.of(), "", "listener rejected by test");

      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        assertThat(registry.get("meshplane.xds.acks").tag("type", "Cluster").counter().count()).isEqualTo(1);
        assertThat(registry.get("meshplane.xds.nacks").tag("type", "Listener").counter().count()).isEqualTo(1);
        Timer convergence = registry.get("meshplane.xds.convergence")
            .tags("mesh", "demo", "kind", "virtual_node", "variant", "sidecar").timer();
        assertThat(convergence.count()).isEqualTo(1);
        assertThat(registry.get("meshplane.xds.streams").gauge().value()).isEqualTo(1);
        assertThat(registry.get("meshplane.xds.proxies").gauge().value()).isEqualTo(1);
        assertThat(registry.get("meshplane.xds.snapshot.builds").tag("outcome", "success").counter().count())
            .isGreaterThanOrEqualTo(1);
      });
      String scrape = registry.scrape();
      assertThat(scrape).contains("meshplane_xds_convergence_seconds_bucket{")
          .contains("meshplane_xds_nacks_total{type=\"Listener\"} 1.0");
    }
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(registry.get("meshplane.xds.streams").gauge().value()).isZero());
  }

  /**
   * Pushes are counted by type with their serialized size (Istio's pilot_xds_pushes and config size);
   * a change's wait between the watcher telling the proxy's manager and the snapshot being set is timed
   * (pilot_proxy_queue_time).
   */
  @Test
  void pushesTheirSizeAndTheQueueTimeOfAChangeAreMeasured() throws Exception {
    try (AdsTestClient envoy = new AdsTestClient(management.xdsPort(), AdsTestClient.node(CLIENT, "envoy"))) {
      envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
      DiscoveryResponse cds = envoy.next(CLUSTER_TYPE_URL);
      envoy.ack(cds, List.of());
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        assertThat(registry.get("meshplane.xds.pushes").tag("type", "Cluster").counter().count()).isEqualTo(1);
        var size = registry.get("meshplane.xds.push.size").tag("type", "Cluster").summary();
        assertThat(size.count()).isEqualTo(1);
        assertThat(size.totalAmount()).isEqualTo(cds.getSerializedSize());
      });

      // The client gains a backend: a new cluster.
      new TestMesh("demo")
          .add(VIRTUAL_NODE, null, "client", """
              {"listeners": [{"portMapping": {"port": 8080, "protocol": "http"}}],
               "backends": [{"virtualService": {"virtualServiceName": "other.demo.local"}}],
               "serviceDiscovery": {"dns": {"hostname": "localhost"}}}""")
          .add(VIRTUAL_NODE, null, "other", TestMesh.httpNode("other.local"))
          .add(dev.meshplane.model.ResourceKind.VIRTUAL_SERVICE, null, "other.demo.local", """
              {"provider": {"virtualNode": {"virtualNodeName": "other"}}}""")
          .store(store, 2);
      DiscoveryResponse changed = envoy.next(CLUSTER_TYPE_URL);
      assertThat(changed.getVersionInfo()).isNotEqualTo(cds.getVersionInfo());
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        assertThat(registry.get("meshplane.xds.pushes").tag("type", "Cluster").counter().count()).isEqualTo(2);
        assertThat(registry.get("meshplane.xds.push.queue.time").timer().count()).isGreaterThanOrEqualTo(1);
      });
      assertThat(registry.scrape()).contains("meshplane_xds_pushes_total{type=\"Cluster\"} 2.0")
          .contains("meshplane_xds_push_size_bytes_bucket{").contains("meshplane_xds_push_queue_time_seconds_bucket{");
    }
  }

  /**
   * A delta (incremental) client's ACK names a nonce, not a version: the management service maps it
   * back to the version it sent, so a delta proxy's convergence is timed like a state-of-the-world one's.
   */
  @Test
  void aDeltaAckReportsTheServedVersionAndRecordsConvergence() throws Exception {
    ProxyTarget target = ManagementFixture.NODE_IDENTITY.identify(AdsTestClient.node(CLIENT, "envoy"));
    try (AdsTestClient envoy = new AdsTestClient(management.xdsPort(), AdsTestClient.node(CLIENT, "envoy"))) {
      envoy.deltaRequest(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER_TYPE_URL));
      DeltaDiscoveryResponse clusters = envoy.nextDelta();
      assertThat(clusters.getResourcesList()).isNotEmpty();
      assertThat(clusters.getSystemVersionInfo()).isNotEmpty();
      // Before any ACK: nothing converged yet.
      assertThat(status(target).convergence()).isEmpty();

      envoy.deltaRequest(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER_TYPE_URL)
          .setResponseNonce(clusters.getNonce()));

      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        ManifestManager.Status status = status(target);
        Map<String, StreamStatus> stream = status.streams().values().iterator().next();
        assertThat(stream.get(CLUSTER_TYPE_URL).ackedVersion()).isEqualTo(clusters.getSystemVersionInfo());
        assertThat(status.convergence()).hasValueSatisfying(d -> assertThat(d).isPositive());
        Timer convergence = registry.get("meshplane.xds.convergence")
            .tags("mesh", "demo", "kind", "virtual_node", "variant", "sidecar").timer();
        assertThat(convergence.count()).isEqualTo(1);
      });

      // A NACK of another type keeps the sample and reports nothing as accepted for that type.
      envoy.deltaRequest(DeltaDiscoveryRequest.newBuilder().setTypeUrl(LISTENER_TYPE_URL));
      DeltaDiscoveryResponse listeners = envoy.nextDelta();
      envoy.deltaNack(listeners, "listener rejected by test");
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        StreamStatus rejected = status(target).streams().values().iterator().next().get(LISTENER_TYPE_URL);
        assertThat(rejected.nackError()).contains("listener rejected by test");
        assertThat(rejected.ackedVersion()).isEmpty();
      });
      assertThat(registry.get("meshplane.xds.convergence")
          .tags("mesh", "demo", "kind", "virtual_node", "variant", "sidecar").timer().count()).isEqualTo(1);
    }
  }

  private ManifestManager.Status status(ProxyTarget target) throws Exception {
    CompletionStage<ManifestManager.Status> reply = AskPattern.ask(management.connections(),
        replyTo -> new ConnectionManager.GetProxyStatus(target, replyTo), Duration.ofSeconds(1),
        management.actorSystem().scheduler());
    return reply.toCompletableFuture().get();
  }
}
