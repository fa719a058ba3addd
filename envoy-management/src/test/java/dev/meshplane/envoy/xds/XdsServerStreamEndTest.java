package dev.meshplane.envoy.xds;

import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshplane.envoy.AdsTestClient;
import dev.meshplane.envoy.InMemoryConfigStore;
import dev.meshplane.envoy.ManagementFixture;
import dev.meshplane.envoy.TestMesh;
import dev.meshplane.envoy.cache.ProxySnapshotCache;
import dev.meshplane.envoy.node.ProxyAdmission;
import dev.meshplane.envoy.node.ProxyTarget;
import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The xDS server alone: what a stream took is given back on the ends java-control-plane does not report. */
class XdsServerStreamEndTest {
  private static final String CLIENT = "mesh/demo/virtualNode/client";

  private final InMemoryConfigStore store = new InMemoryConfigStore();
  private final Set<Long> open = ConcurrentHashMap.newKeySet();
  private final StreamListener listener = new StreamListener() {
    @Override
    public void opened(long streamId, ProxyTarget target) {
      open.add(streamId);
    }

    @Override
    public void closed(long streamId) {
      open.remove(streamId);
    }

    @Override
    public void acked(long streamId, String typeUrl, String version) {}

    @Override
    public void nacked(long streamId, String typeUrl, String keptVersion, String errorDetail) {}
  };

  @BeforeEach
  void storeTheProxy() {
    new TestMesh("demo").add(VIRTUAL_NODE, null, "client", TestMesh.httpNode("localhost")).store(store, 1);
  }

  @Test
  void aServerShutdownEndsEveryStream() throws Exception {
    XdsServer server = start(new ProxySnapshotCache<>(ManagementFixture.NODE_IDENTITY::identify), 10);
    List<AdsTestClient> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      AdsTestClient client = new AdsTestClient(server.port(), AdsTestClient.node(CLIENT, "envoy"));
      client.request(CLUSTER_TYPE_URL, List.of(), "", "");
      clients.add(client);
    }
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(open).hasSize(3));
    server.close();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(open).isEmpty());
    for (AdsTestClient client : clients) {
      client.close();
    }
  }

  /**
   * A fault of ours after admission (injected: a cache whose watches throw) ends the call with
   * UNKNOWN; java-control-plane then reports no close, and the slot must still come back.
   */
  @Test
  void anExceptionInOurCodeReleasesTheSlot() throws Exception {
    XdsServer server = start(new ThrowingWatcher(), 1);
    try {
      for (int attempt = 0; attempt < 3; attempt++) {
        try (AdsTestClient client = new AdsTestClient(server.port(), AdsTestClient.node(CLIENT, "envoy"))) {
          client.request(CLUSTER_TYPE_URL, List.of(), "", "");
          Status status = Status.fromThrowable(client.closedWith());
          assertThat(status.getCode()).as("attempt %d", attempt).isEqualTo(Status.Code.UNKNOWN);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(open).isEmpty());
      }
    } finally {
      server.close();
    }
  }

  private XdsServer start(ConfigWatcher watcher, int streamsPerProxy) {
    ProxyStreamCallbacks callbacks = new ProxyStreamCallbacks(
        ManagementFixture.NODE_IDENTITY, new ProxyAdmission(store), listener, streamsPerProxy);
    return XdsServer.start(new InetSocketAddress("127.0.0.1", 0), watcher, callbacks);
  }

  /** A stand-in for a bug in the cache: no real part fails this way on purpose. */
  private static final class ThrowingWatcher implements ConfigWatcher {
    @Override
    public Watch createWatch(boolean ads, XdsRequest request, Set<String> knownResourceNames,
        Consumer<Response> responseConsumer, boolean hasClusterChanged, boolean allowDefaultEmptyEdsUpdate) {
      throw new IllegalStateException("injected fault");
    }

    @Override
    public DeltaWatch createDeltaWatch(DeltaXdsRequest request, String requesterVersion,
        Map<String, String> resourceVersions, Set<String> pendingResources, boolean isWildcard,
        Consumer<DeltaResponse> responseConsumer, boolean hasClusterChanged) {
      throw new IllegalStateException("injected fault");
    }
  }
}
