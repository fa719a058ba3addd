package dev.meshplane.envoy;

import static dev.meshplane.model.ResourceKind.ROUTE;
import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static dev.meshplane.model.ResourceKind.VIRTUAL_ROUTER;
import static dev.meshplane.model.ResourceKind.VIRTUAL_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import io.grpc.Server;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real grpc-java xDS client, whose node id is its virtual node, calls {@code xds:///<virtual
 * service>} and is routed by the synthesized config to two local gRPC backends.
 */
class ProxylessGrpcClientTest {
  @TempDir Path dataDir;
  private SqliteConfigStore store;
  private Server backendA;
  private Server backendB;
  private EnvoyManagement management;
  private ProxylessClient client;
  private TestMesh mesh;

  @BeforeEach
  void start() throws IOException {
    backendA = EchoService.start("a");
    backendB = EchoService.start("b");
    store = SqliteConfigStore.open(dataDir);
    mesh = new TestMesh("demo")
        .add(VIRTUAL_NODE, null, "backend-a", backendNode(backendA.getPort()))
        .add(VIRTUAL_NODE, null, "backend-b", backendNode(backendB.getPort()))
        .add(VIRTUAL_NODE, null, "client", """
            {"backends": [{"virtualService": {"virtualServiceName": "echo.demo.local"}}],
             "serviceDiscovery": {"dns": {"hostname": "client.demo.local"}}}""")
        .add(VIRTUAL_ROUTER, null, "echo", """
            {"listeners": [{"portMapping": {"port": 50051, "protocol": "grpc"}}]}""")
        .add(ROUTE, "echo", "split", route(1, 1))
        .add(VIRTUAL_SERVICE, null, "echo.demo.local", """
            {"provider": {"virtualRouter": {"virtualRouterName": "echo"}}}""");
    mesh.store(store, 1);
    management = ManagementFixture.start(store);

    client = ProxylessClient.plaintext(management.xdsPort(),
        "arn:aws:appmesh:us-west-2:111122223333:mesh/demo/virtualNode/client", "echo.demo.local");
  }

  @AfterEach
  void stop() throws InterruptedException {
    client.close();
    management.close();
    store.close();
    backendA.shutdownNow();
    backendB.shutdownNow();
  }

  @Test
  void callsFollowTheWeightedRouteAndItsUpdates() {
    Map<String, Integer> served = client.calls(60);
    assertThat(served).containsOnlyKeys("a", "b");

    mesh.update(ROUTE, "echo", "split", route(0, 1)).store(store, 2);

    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(client.calls(20)).containsOnlyKeys("b"));
  }

  private static String route(int weightA, int weightB) {
    return """
        {"grpcRoute": {"match": {"serviceName": "demo.Echo"},
          "action": {"weightedTargets": [{"virtualNode": "backend-a", "weight": %d},
                                         {"virtualNode": "backend-b", "weight": %d}]}}}"""
        .formatted(weightA, weightB);
  }

  private static String backendNode(int port) {
    return """
        {"listeners": [{"portMapping": {"port": %d, "protocol": "grpc"}}],
         "serviceDiscovery": {"dns": {"hostname": "127.0.0.1"}}}""".formatted(port);
  }
}
