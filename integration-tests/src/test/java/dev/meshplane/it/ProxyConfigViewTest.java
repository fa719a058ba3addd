package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.appmesh.AppMeshClient;

/**
 * A mesh created through the SDK becomes stored Envoy config for each proxy, visible on the
 * config endpoint, and an update moves it to the new generation.
 */
class ProxyConfigViewTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dataDir;

  @Test
  void changesBecomeStoredConfigWithinTicks() throws Exception {
    try (RunningServer server = RunningServer.onSqlite(dataDir); AppMeshClient appMesh = server.client()) {
      appMesh.createMesh(r -> r.meshName("shop"));
      appMesh.createVirtualNode(r -> r.meshName("shop").virtualNodeName("web").spec(s -> s
          .listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))
          .serviceDiscovery(d -> d.dns(dns -> dns.hostname("web.shop.local")))));
      appMesh.createVirtualRouter(r -> r.meshName("shop").virtualRouterName("web-router")
          .spec(s -> s.listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))));
      appMesh.createRoute(r -> r.meshName("shop").virtualRouterName("web-router").routeName("all")
          .spec(s -> s.httpRoute(h -> h.match(m -> m.prefix("/")).action(a -> a.weightedTargets(t -> t.virtualNode("web").weight(1))))));
      appMesh.createVirtualService(r -> r.meshName("shop").virtualServiceName("web.shop.local")
          .spec(s -> s.provider(p -> p.virtualRouter(v -> v.virtualRouterName("web-router")))));
      appMesh.createVirtualNode(r -> r.meshName("shop").virtualNodeName("client")
          .spec(s -> s.backends(b -> b.virtualService(v -> v.virtualServiceName("web.shop.local")))));

      JsonNode client = awaitGeneration(server, "client", 6);
      JsonNode sidecar = client.path("config").path("sidecar");
      assertThat(names(sidecar.path("listeners"))).contains("lds_egress_0.0.0.0_15001");
      assertThat(names(sidecar.path("routeConfigurations"))).contains("rds_egress_http_15001");
      assertThat(sidecar.path("routeConfigurations").toString()).contains("web.shop.local");
      assertThat(names(sidecar.path("clusters"))).anyMatch(name -> name.startsWith("cds_egress_shop_web_http_8080"));
      assertThat(client.path("config").path("proxylessGrpc").path("listeners").toString()).contains("web.shop.local");

      long start = System.nanoTime();
      appMesh.updateRoute(r -> r.meshName("shop").virtualRouterName("web-router").routeName("all")
          .spec(s -> s.httpRoute(h -> h.match(m -> m.prefix("/v2")).action(a -> a.weightedTargets(t -> t.virtualNode("web").weight(1))))));
      JsonNode updated = awaitGeneration(server, "client", 7);
      System.out.printf("config of client reached generation 7 %d ms after UpdateRoute returned%n",
          (System.nanoTime() - start) / 1_000_000);
      assertThat(updated.path("config").path("sidecar").path("routeConfigurations").toString()).contains("/v2");
      assertThat(updated.path("contentHash").asText()).isNotEqualTo(client.path("contentHash").asText());

      HttpResponse<String> missing = get(server, "/meshplane/v1/meshes/shop/virtualNodes/nobody/config");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.headers().firstValue("x-amzn-ErrorType")).contains("NotFoundException");
    }
  }

  private static JsonNode awaitGeneration(RunningServer server, String node, long generation) {
    List<JsonNode> seen = new ArrayList<>();
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
      HttpResponse<String> response = get(server, "/meshplane/v1/meshes/shop/virtualNodes/" + node + "/config");
      if (response.statusCode() != 200) {
        return false;
      }
      JsonNode body = JSON.readTree(response.body());
      seen.add(0, body);
      return body.path("generation").asLong() >= generation;
    });
    return seen.get(0);
  }

  private static HttpResponse<String> get(RunningServer server, String path) throws Exception {
    return SignedHttp.get(server.endpoint().resolve(path), server.credentials());
  }

  private static List<String> names(JsonNode resources) {
    List<String> names = new ArrayList<>();
    resources.forEach(r -> names.add(r.path("name").asText()));
    return names;
  }
}
