package dev.meshplane.envoy;

import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.configstore.ConfigChanges;
import dev.meshplane.configstore.NotifyingConfigStore;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The transformer's commit wakes the management service in the same process: with the poll an
 * hour apart, a write through the notifying store reaches a connected proxy, and one that bypasses
 * it does not (the poll, not run here, would find it).
 */
class ConfigChangeWakeTest {
  private static final String BACKEND = "mesh/demo/virtualNode/backend";
  private final InMemoryConfigStore store = new InMemoryConfigStore();
  private final ConfigChanges changes = new ConfigChanges();
  private final TestMesh mesh = new TestMesh("demo").add(VIRTUAL_NODE, null, "backend", TestMesh.httpNode("127.0.0.1"));

  @Test
  void aNotifiedCommitReachesTheProxyWithoutAPoll() throws Exception {
    mesh.store(store, 1);
    EnvoyManagement.Settings noPoll = new EnvoyManagement.Settings(new InetSocketAddress("127.0.0.1", 0),
        Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(30),
        ManagementFixture.STREAMS_PER_PROXY);
    try (EnvoyManagement management = EnvoyManagement.builder(store, noPoll).configChanges(changes).start();
        AdsTestClient envoy = new AdsTestClient(management.xdsPort(), AdsTestClient.node(BACKEND, "envoy"))) {
      envoy.request(LISTENER_TYPE_URL, List.of(), "", "");
      DiscoveryResponse first = envoy.next(LISTENER_TYPE_URL);
      envoy.ack(first, List.of());

      // Written around the notifying store: nobody is told, and no poll comes.
      mesh.update(VIRTUAL_NODE, null, "backend", listenerOn(9090)).store(store, 2);
      assertThat(envoy.nextWithin(Duration.ofSeconds(1))).isEmpty();

      // The transformer's way: the commit publishes the mesh, and the proxy gets it at once.
      mesh.update(VIRTUAL_NODE, null, "backend", listenerOn(9191)).store(new NotifyingConfigStore(store, changes), 3);
      DiscoveryResponse changed = envoy.next(LISTENER_TYPE_URL);
      assertThat(changed.getVersionInfo()).isNotEqualTo(first.getVersionInfo());
      assertThat(changed.toString()).contains("9191");
    }
  }

  private static String listenerOn(int port) {
    return """
        {"listeners": [{"portMapping": {"port": %d, "protocol": "http"}}],
         "serviceDiscovery": {"dns": {"hostname": "127.0.0.1"}}}""".formatted(port);
  }
}
