package dev.meshplane.envoy.snapshot;

import static dev.meshplane.model.ResourceKind.ROUTE;
import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static dev.meshplane.model.ResourceKind.VIRTUAL_ROUTER;
import static dev.meshplane.model.ResourceKind.VIRTUAL_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.envoy.InMemoryConfigStore;
import dev.meshplane.envoy.TestMesh;
import dev.meshplane.envoy.node.ProxyVariant;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import java.net.InetAddress;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProxySnapshotBuilderTest {
  private static final String CLIENT = "mesh/demo/virtualNode/client";
  private final InMemoryConfigStore store = new InMemoryConfigStore();
  private final TestMesh mesh = new TestMesh("demo")
      .add(VIRTUAL_NODE, null, "backend", """
          {"listeners": [{"portMapping": {"port": 8080, "protocol": "http"}}],
           "serviceDiscovery": {"dns": {"hostname": "backend.demo.local"}}}""")
      .add(VIRTUAL_NODE, null, "client", """
          {"backends": [{"virtualService": {"virtualServiceName": "backend.demo.local"}}]}""")
      .add(VIRTUAL_ROUTER, null, "backend", """
          {"listeners": [{"portMapping": {"port": 8080, "protocol": "http"}}]}""")
      .add(ROUTE, "backend", "all", route("/"))
      .add(VIRTUAL_SERVICE, null, "backend.demo.local", """
          {"provider": {"virtualRouter": {"virtualRouterName": "backend"}}}""");

  @Test
  void equalContentGivesEqualVersionsAndAChangeMovesOnlyWhatChanged() {
    mesh.store(store, 1);
    ProxySnapshot first = builder().build(item(), ProxyVariant.SIDECAR, null);
    ProxySnapshot rebuilt = builder().build(item(), ProxyVariant.SIDECAR, null);
    mesh.update(ROUTE, "backend", "all", route("/api")).store(store, 2);
    ProxySnapshot changed = builder().build(item(), ProxyVariant.SIDECAR, first);

    for (ResourceType type : new ResourceType[] {ResourceType.LISTENER, ResourceType.CLUSTER, ResourceType.ROUTE,
        ResourceType.ENDPOINT}) {
      assertThat(versions(rebuilt.snapshot(), type)).isEqualTo(versions(first.snapshot(), type));
      assertThat(rebuilt.snapshot().version(type)).isEqualTo(first.snapshot().version(type));
    }
    assertThat(changed.snapshot().version(ResourceType.ROUTE)).isNotEqualTo(first.snapshot().version(ResourceType.ROUTE));
    assertThat(changed.snapshot().version(ResourceType.CLUSTER)).isEqualTo(first.snapshot().version(ResourceType.CLUSTER));
    assertThat(changed.generation()).isEqualTo(2);
  }

  @Test
  void theProxylessVariantHasApiListenersAndAGatewayHasNone() {
    mesh.store(store, 1);
    ProxySnapshot proxyless = builder().build(item(), ProxyVariant.PROXYLESS_GRPC, null);
    assertThat(proxyless.snapshot().listeners().resources()).containsKey("backend.demo.local");

    ProxyConfigItem garbage = new ProxyConfigItem(CLIENT, "demo", 3, "x", new byte[] {9, 9}, java.time.Instant.now());
    assertThatThrownBy(() -> builder().build(garbage, ProxyVariant.SIDECAR, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private ProxyConfigItem item() {
    return store.get(CLIENT).orElseThrow();
  }

  private static ProxySnapshotBuilder builder() {
    return new ProxySnapshotBuilder(new EndpointResolver(host -> new InetAddress[] {InetAddress.getLoopbackAddress()}));
  }

  private static Map<String, String> versions(Snapshot snapshot, ResourceType type) {
    return snapshot.versionedResources(type).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> ((VersionedResource<?>) e.getValue()).version()));
  }

  private static String route(String prefix) {
    return """
        {"httpRoute": {"match": {"prefix": "%s"}, "action": {"weightedTargets": [{"virtualNode": "backend", "weight": 1}]}}}"""
        .formatted(prefix);
  }
}
