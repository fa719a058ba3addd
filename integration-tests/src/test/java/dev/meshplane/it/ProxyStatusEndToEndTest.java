package dev.meshplane.it;

import static dev.meshplane.it.TrafficSupport.createMesh;
import static dev.meshplane.it.TrafficSupport.routeAllTo;
import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.envoy.AdsTestClient;
import dev.meshplane.it.TrafficSupport.Backend;
import dev.meshplane.launcher.Main;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.appmesh.AppMeshClient;

/**
 * Proxy status through the running server's API and the {@code meshplane proxy-status} and
 * {@code proxy-config} commands, with grpc-java's and grpc-js's xDS clients connected as the same
 * virtual node and a raw ADS client that ACKs and NACKs when the test says: real clients show
 * SYNCED; a change is STALE until ACKed, then SYNCED; a NACK is NACKED with the client's error; a
 * client that disconnects disappears.
 */
class ProxyStatusEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MESH = "status";
  private static final String CLIENT = "mesh/" + MESH + "/virtualNode/client";

  @TempDir static Path dataDir;
  static RunningServer server;
  static AppMeshClient appMesh;

  @BeforeAll
  static void startServer() {
    server = RunningServer.onSqlite(dataDir, Map.of("meshplane.status.publish-interval", "200ms"));
    appMesh = server.client();
  }

  @AfterAll
  static void stopServer() {
    appMesh.close();
    server.close();
  }

  @Test
  void realClientsAreSyncedAChangeIsStaleUntilAckedANackShowsItsErrorAndAClosedClientDisappears() throws Exception {
    try (Backend a = Backend.answering("backend-a"); Backend c = Backend.answering("backend-c")) {
      createMesh(appMesh, MESH, "echo-router", "echo.status.local", "client", List.of(a, c),
          () -> appMesh.createRoute(r -> r.meshName(MESH).virtualRouterName("echo-router").routeName("all")
              .spec(routeAllTo("backend-a"))));
      try (TrafficSupport.XdsClient grpcJava = new TrafficSupport.XdsClient(server, MESH, "client", "echo.status.local");
          GrpcJsClient grpcJs = new GrpcJsClient(server, MESH, "client", "echo.status.local")) {
        assertThat(grpcJava.calls(2)).containsEntry("backend-a", 2);
        assertThat(grpcJs.calls(2)).containsEntry("backend-a", 2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
          List<JsonNode> proxies = proxies();
          assertThat(proxies).extracting(p -> p.path("clientVersion").asText())
              .anySatisfy(v -> assertThat(v).startsWith("gRPC Java"))
              .anySatisfy(v -> assertThat(v).startsWith("gRPC Node"));
          assertThat(proxies).allSatisfy(p -> {
            assertThat(p.path("variant").asText()).isEqualTo("PROXYLESS_GRPC");
            assertThat(p.path("status").asText()).isEqualTo("SYNCED");
            assertThat(type(p, "Listener").path("status").asText()).isEqualTo("SYNCED");
            assertThat(p.path("lastConvergedAt").asText()).isNotEmpty();
          });
        });

        try (AdsTestClient envoy = new AdsTestClient(server.xdsPort(), AdsTestClient.node(CLIENT, "envoy"))) {
          envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
          DiscoveryResponse clusters = envoy.next(CLUSTER_TYPE_URL);
          await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
              assertThat(type(sidecar(), "Cluster").path("status").asText()).isEqualTo("STALE"));
          envoy.ack(clusters, List.of());
          await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
              assertThat(type(sidecar(), "Cluster").path("status").asText()).isEqualTo("SYNCED"));
          long before = sidecar().path("generation").asLong();

          // A change through the API: the new clusters are STALE until the client ACKs them.
          appMesh.updateRoute(r -> r.meshName(MESH).virtualRouterName("echo-router").routeName("all")
              .spec(routeAllTo("backend-c")));
          DiscoveryResponse moved = envoy.next(CLUSTER_TYPE_URL);
          await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode cds = type(sidecar(), "Cluster");
            assertThat(cds.path("status").asText()).isEqualTo("STALE");
            assertThat(cds.path("sentVersion").asText()).isEqualTo(moved.getVersionInfo());
          });
          envoy.ack(moved, List.of());
          await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(type(sidecar(), "Cluster").path("status").asText()).isEqualTo("SYNCED");
            assertThat(sidecar().path("generation").asLong()).isGreaterThan(before);
          });
          // The real clients follow the change and stay SYNCED.
          await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(grpcJava.calls(2)).containsEntry("backend-c", 2));

          appMesh.updateRoute(r -> r.meshName(MESH).virtualRouterName("echo-router").routeName("all")
              .spec(routeAllTo("backend-a")));
          envoy.nack(envoy.next(CLUSTER_TYPE_URL), List.of(), moved.getVersionInfo(), "cluster rejected by test");
          await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode nacked = sidecar();
            assertThat(nacked.path("status").asText()).isEqualTo("NACKED");
            assertThat(type(nacked, "Cluster").path("error").asText()).isEqualTo("cluster rejected by test");
          });

          String table = run("proxy-status", "--mesh", MESH);
          assertThat(table).contains("NAME", "virtualNode/client", "SYNCED", "NACKED", "gRPC Java", "gRPC Node")
              .contains("Cluster NACKED: cluster rejected by test");
          String diff = run("proxy-config", "--mesh", MESH, "--virtual-node", "client", "--type", "clusters", "--diff");
          assertThat(diff).contains("served by").contains("# the same as the stored config");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(proxies())
            .noneSatisfy(p -> assertThat(p.path("variant").asText()).isEqualTo("SIDECAR")));

        grpcJs.close();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(proxies())
            .extracting(p -> p.path("clientVersion").asText())
            .singleElement().satisfies(v -> assertThat(v).startsWith("gRPC Java")));
      }
    }
  }

  @Test
  void aCallerWithoutTheKeyIsRefusedInTheAppMeshErrorShape() throws Exception {
    var response = SignedHttp.get(server.endpoint().resolve("/meshplane/v1/meshes/" + MESH + "/proxies"),
        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKIAUNKNOWN000000000", "wrong"));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("UnrecognizedClientException");
    assertThat(JSON.readTree(response.body()).path("message").asText()).isNotEmpty();
  }

  private static List<JsonNode> proxies() throws Exception {
    var response = SignedHttp.get(server.endpoint().resolve("/meshplane/v1/meshes/" + MESH + "/proxies"), server.credentials());
    assertThat(response.statusCode()).isEqualTo(200);
    return StreamSupport.stream(JSON.readTree(response.body()).path("proxies").spliterator(), false).toList();
  }

  private static JsonNode sidecar() throws Exception {
    // An AssertionError, so that awaitility polls again while the entry is not published yet.
    return proxies().stream().filter(p -> p.path("variant").asText().equals("SIDECAR")).findFirst()
        .orElseThrow(() -> new AssertionError("no sidecar stream listed yet"));
  }

  private static JsonNode type(JsonNode proxy, String type) {
    return StreamSupport.stream(proxy.path("types").spliterator(), false)
        .filter(t -> t.path("type").asText().equals(type)).findFirst().orElseThrow();
  }

  /** Runs a {@code meshplane} command in this JVM, signing as the admin (the SDK's system-property credentials). */
  private static String run(String... args) {
    String[] withEndpoint = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--endpoint", server.endpoint().toString())).toArray(String[]::new);
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setProperty("aws.accessKeyId", server.credentials().accessKeyId());
    System.setProperty("aws.secretAccessKey", server.credentials().secretAccessKey());
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      int exit = new CommandLine(new Main()).execute(withEndpoint);
      assertThat(exit).as("exit of meshplane %s: %s", String.join(" ", args), captured).isZero();
    } finally {
      System.setOut(out);
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    System.out.println(text);
    return text;
  }
}
