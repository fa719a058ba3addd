package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.meshplane.envoy.AdsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.appmesh.AppMeshClient;
import software.amazon.awssdk.services.appmesh.model.AppMeshException;
import software.amazon.awssdk.services.appmesh.model.NotFoundException;

/**
 * {@code GET /metrics} of the all-in-one server, unauthenticated, after real SDK calls and a real
 * xDS ACK: API requests by operation and error type, transformer passes, xDS ACKs and convergence.
 */
class MetricsEndpointTest {
  private static final String CLUSTER_TYPE = "type.googleapis.com/envoy.config.cluster.v3.Cluster";

  @TempDir Path dataDir;

  @Test
  void metricsShowApiRequestsTransformerPassesAndXdsConvergence() throws Exception {
    try (RunningServer server = RunningServer.onSqlite(dataDir); AppMeshClient appMesh = server.client()) {
      appMesh.createMesh(r -> r.meshName("shop"));
      appMesh.createVirtualNode(r -> r.meshName("shop").virtualNodeName("web").spec(s -> s
          .listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))
          .serviceDiscovery(d -> d.dns(dns -> dns.hostname("localhost")))));
      assertThatThrownBy(() -> appMesh.describeMesh(r -> r.meshName("missing")))
          .isInstanceOf(NotFoundException.class);
      // Refused before the API runs (an unknown key): counted with the error type the caller saw.
      String refusedType;
      try (AppMeshClient stranger = server.client(AwsBasicCredentials.create("AKIAUNKNOWN000000000", "wrong-secret"))) {
        AppMeshException refused = catchThrowableOfType(AppMeshException.class,
            () -> stranger.createMesh(r -> r.meshName("nope")));
        assertThat(refused.statusCode()).isEqualTo(403);
        refusedType = refused.awsErrorDetails().errorCode();
      }
      TrafficSupport.awaitProxyConfig(server, "shop", "web");

      try (AdsTestClient envoy =
          new AdsTestClient(server.xdsPort(), AdsTestClient.node("mesh/shop/virtualNode/web", "envoy"))) {
        envoy.request(CLUSTER_TYPE, List.of(), "", "");
        envoy.ack(envoy.next(CLUSTER_TYPE), List.of());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
          String metrics = scrape(server);
          assertThat(metrics)
              .contains("meshplane_api_requests_seconds_count{error_type=\"none\",operation=\"CreateMesh\",status=\"200\"} 1")
              .contains("meshplane_api_requests_seconds_count{error_type=\"NotFoundException\",operation=\"DescribeMesh\",status=\"404\"} 1")
              .contains("meshplane_api_requests_seconds_count{error_type=\"" + refusedType
                  + "\",operation=\"CreateMesh\",status=\"403\"} 1")
              .contains("meshplane_transformer_items_written_total")
              .contains("meshplane_xds_acks_total{type=\"Cluster\"} 1")
              .contains("meshplane_xds_convergence_seconds_count{kind=\"virtual_node\",mesh=\"shop\",variant=\"sidecar\"} 1")
              .contains("meshplane_xds_streams 1");
        });
        System.out.println("convergence on /metrics: " + scrape(server).lines()
            .filter(line -> line.startsWith("meshplane_xds_convergence_seconds_sum")).findFirst().orElse("?"));
      }
    }
  }

  private static String scrape(RunningServer server) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.endpoint() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    return response.body();
  }
}
