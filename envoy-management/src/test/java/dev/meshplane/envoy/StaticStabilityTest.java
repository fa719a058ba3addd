package dev.meshplane.envoy;

import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static dev.meshplane.model.ResourceKind.VIRTUAL_SERVICE;
import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Proxies keep their config while the store is unreachable, and a restart changes no version. */
class StaticStabilityTest {
  private static final String CLIENT = "mesh/demo/virtualNode/client";
  private final InMemoryConfigStore store = new InMemoryConfigStore();
  private EnvoyManagement management;

  StaticStabilityTest() {
    new TestMesh("demo")
        .add(VIRTUAL_NODE, null, "backend", TestMesh.httpNode("127.0.0.1"))
        .add(VIRTUAL_NODE, null, "client", """
            {"backends": [{"virtualService": {"virtualServiceName": "backend.demo.local"}}]}""")
        .add(VIRTUAL_SERVICE, null, "backend.demo.local", """
            {"provider": {"virtualNode": {"virtualNodeName": "backend"}}}""")
        .store(store, 1);
  }

  @AfterEach
  void stop() {
    management.close();
  }

  @Test
  void anUnreachableStoreChangesNothingForConnectedOrReconnectingProxies() throws Exception {
    management = start();
    try (AdsTestClient envoy = new AdsTestClient(management.xdsPort(), AdsTestClient.node(CLIENT, "envoy"))) {
      DiscoveryResponse lds = subscribe(envoy, LISTENER_TYPE_URL);

      store.reachable(false);

      // Several polls fail; the connected proxy hears nothing.
      assertThat(envoy.nextWithin(Duration.ofMillis(600))).isEmpty();
      // A second connection of the same proxy is admitted and served the same version.
      try (AdsTestClient again = new AdsTestClient(management.xdsPort(), AdsTestClient.node(CLIENT, "envoy"))) {
        assertThat(subscribe(again, LISTENER_TYPE_URL).getVersionInfo()).isEqualTo(lds.getVersionInfo());
      }
    }
  }

  @Test
  void aRestartedManagementServerGivesTheSameVersions() throws Exception {
    management = start();
    String lds;
    String cds;
    try (AdsTestClient envoy = new AdsTestClient(management.xdsPort(), AdsTestClient.node(CLIENT, "envoy"))) {
      lds = subscribe(envoy, LISTENER_TYPE_URL).getVersionInfo();
      cds = subscribe(envoy, CLUSTER_TYPE_URL).getVersionInfo();
    }
    management.close();

    management = start();
    try (AdsTestClient envoy = new AdsTestClient(management.xdsPort(), AdsTestClient.node(CLIENT, "envoy"))) {
      assertThat(subscribe(envoy, LISTENER_TYPE_URL).getVersionInfo()).isEqualTo(lds);
      assertThat(subscribe(envoy, CLUSTER_TYPE_URL).getVersionInfo()).isEqualTo(cds);
    }
  }

  private static DiscoveryResponse subscribe(AdsTestClient client, String typeUrl) throws InterruptedException {
    client.request(typeUrl, List.of(), "", "");
    DiscoveryResponse response = client.next(typeUrl);
    client.ack(response, List.of());
    return response;
  }

  private EnvoyManagement start() {
    return ManagementFixture.start(store);
  }
}
