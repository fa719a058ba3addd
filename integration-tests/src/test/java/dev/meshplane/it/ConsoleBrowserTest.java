package dev.meshplane.it;

import static dev.meshplane.it.TrafficSupport.createMesh;
import static dev.meshplane.it.TrafficSupport.weighted;
import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.envoy.AdsTestClient;
import dev.meshplane.it.TrafficSupport.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.appmesh.AppMeshClient;

/**
 * The web console end to end in headless Chromium (Debian's {@code chromium} driven by
 * playwright-core): a wrong key is refused; the admin signs in and sees the graph of a mesh shaped
 * like the howto-grpc / ingress-gateway walkthroughs (gateway → virtual service → router with
 * weighted routes → virtual nodes → backends); a weight change made through the SDK shows in the
 * graph and the live proxy table (a real grpc-java xDS client is connected); a NACKed proxy's error
 * opens; a graph box opens by keyboard with its spec and Envoy config; a principal limited to one
 * mesh sees only that mesh. Screenshots go to {@code target/screenshots}.
 */
class ConsoleBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AwsBasicCredentials TEAM_A = AwsBasicCredentials.create("AKIATEAMA00000000001", "team-a-secret-0123456789");
  private static final String MESH = "console-demo";
  private static final Path SCREENSHOTS = Path.of("target/screenshots");

  @TempDir static Path dir;
  static RunningServer server;
  static AppMeshClient appMesh;

  @BeforeAll
  static void start() throws Exception {
    Path iam = Files.writeString(dir.resolve("iam.json"), """
        {"principals": [
          {"name": "admin", "accessKeys": [{"id": "%s", "secret": "%s"}],
           "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}]},
          {"name": "team-a", "accessKeys": [{"id": "%s", "secret": "%s"}],
           "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "appmesh:*",
              "Resource": ["arn:aws:appmesh:*:*:mesh/console-a", "arn:aws:appmesh:*:*:mesh/console-a/*"]}]}]}
        ]}""".formatted(RunningServer.ADMIN.accessKeyId(), RunningServer.ADMIN.secretAccessKey(),
        TEAM_A.accessKeyId(), TEAM_A.secretAccessKey()));
    server = RunningServer.onSqlite(dir.resolve("data"), Map.of(
        "meshplane.iam-file", iam.toString(), "meshplane.status.publish-interval", "200ms"));
    appMesh = server.client();
    appMesh.createMesh(r -> r.meshName("console-a"));
  }

  @AfterAll
  static void stop() {
    appMesh.close();
    server.close();
  }

  @Test
  void signInGraphLiveProxyTableNackDetailsAndPerPrincipalMeshes() throws Exception {
    try (Backend a = Backend.answering("backend-a"); Backend b = Backend.answering("backend-b");
        ConsoleBrowser browser = new ConsoleBrowser()) {
      createMesh(appMesh, MESH, "echo-router", "echo.console.local", "client", List.of(a, b),
          () -> appMesh.createRoute(r -> r.meshName(MESH).virtualRouterName("echo-router").routeName("split")
              .spec(weighted(1, 1))));
      appMesh.createVirtualGateway(r -> r.meshName(MESH).virtualGatewayName("ingress").spec(s -> s
          .listeners(l -> l.portMapping(p -> p.port(9080).protocol("grpc")))));
      appMesh.createGatewayRoute(r -> r.meshName(MESH).virtualGatewayName("ingress").gatewayRouteName("to-echo")
          .spec(s -> s.grpcRoute(g -> g.match(m -> m.serviceName(TrafficSupport.SERVICE))
              .action(x -> x.target(t -> t.virtualService(v -> v.virtualServiceName("echo.console.local")))))));
      String console = server.endpoint().resolve("/console").toString();

      browser.open(console);
      browser.screenshot(SCREENSHOTS.resolve("01-sign-in.png"));
      signIn(browser, "AKIAUNKNOWNKEY000001", "whatever");
      browser.waitText("#sign-in-error", "UnrecognizedClientException");
      signIn(browser, RunningServer.ADMIN.accessKeyId(), "not-the-secret");
      browser.waitText("#sign-in-error", "InvalidSignatureException");
      browser.screenshot(SCREENSHOTS.resolve("02-wrong-key-refused.png"));

      signIn(browser, RunningServer.ADMIN.accessKeyId(), RunningServer.ADMIN.secretAccessKey());
      browser.waitText("#meshes", MESH);
      assertThat(browser.texts("#meshes button")).contains("console-a", MESH);
      browser.click("#meshes button[data-mesh='" + MESH + "']");
      browser.waitText("#edges", "Gateway route to-echo of ingress sends to virtual service echo.console.local");
      browser.waitText("#edges", "Virtual service echo.console.local is provided by virtual router echo-router");
      browser.waitText("#edges", "Route split of router echo-router sends weight 1 (50%) to virtual node backend-a");
      browser.waitText("#edges", "Virtual node client calls backend virtual service echo.console.local");
      browser.waitText("#graph svg", "split: 1 (50%)");

      try (TrafficSupport.XdsClient client = new TrafficSupport.XdsClient(server, MESH, "client", "echo.console.local")) {
        assertThat(client.calls(4).values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
        browser.waitText("#proxies tbody tr[data-proxy='VirtualNode/client']", "SYNCED");
        browser.waitText("#proxy-summary", "connected");
        browser.screenshot(SCREENSHOTS.resolve("03-graph-and-proxies.png"));

        // A weight change through the SDK: the graph and the proxy's generation follow.
        long before = generationOf("client");
        appMesh.updateRoute(r -> r.meshName(MESH).virtualRouterName("echo-router").routeName("split").spec(weighted(3, 1)));
        browser.waitText("#edges", "Route split of router echo-router sends weight 3 (75%) to virtual node backend-a");
        browser.waitText("#graph svg", "split: 3 (75%)");
        long after = await().atMost(Duration.ofSeconds(15)).until(() -> generationOf("client"), g -> g > before);
        browser.waitText("#proxies tbody tr[data-proxy='VirtualNode/client']", Long.toString(after));
        browser.screenshot(SCREENSHOTS.resolve("04-weights-changed.png"));

        // A proxy that rejects its clusters: NACKED, and its error opens from the table.
        try (AdsTestClient envoy = new AdsTestClient(server.xdsPort(),
            AdsTestClient.node("mesh/" + MESH + "/virtualNode/backend-b", "envoy"))) {
          envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
          envoy.nack(envoy.next(CLUSTER_TYPE_URL), List.of(), "", "cluster rejected by the console test");
          browser.waitText("#proxies tbody tr[data-proxy='VirtualNode/backend-b']", "NACKED");
          browser.click("tr[data-proxy='VirtualNode/backend-b'] td.status-NACKED summary");
          browser.waitText("tr[data-proxy='VirtualNode/backend-b'] details[open] pre", "cluster rejected by the console test");
          browser.screenshot(SCREENSHOTS.resolve("05-nack-details.png"));
        }
      }

      // Keyboard: a graph box takes focus and opens with Enter; focus moves to the details.
      browser.run("focus", "selector", "#graph [data-id='Virtual node:backend-a']");
      browser.run("press", "key", "Enter");
      browser.waitText("#details", "Envoy config produced");
      browser.waitText("#details pre", "\"clusters\"");
      assertThat(browser.run("active").path("id").asText()).isEqualTo("details-title");
      // The change history: the weight change made through the SDK, who made it, and its spec diff.
      browser.waitText("#history", "UPDATE mesh/" + MESH + "/virtualRouter/echo-router/route/split version 2");
      browser.waitText("#history", RunningServer.ADMIN_ARN);
      browser.waitText("#history pre", "weight: 1 -> 3");
      browser.screenshot(SCREENSHOTS.resolve("06-details-and-history.png"));

      // A principal limited to mesh console-a sees only it.
      browser.click("#sign-out");
      // Signing out leaves nothing of the administrator's view in the page.
      await().atMost(Duration.ofSeconds(15)).until(() -> browser.texts("#meshes button").isEmpty()
          && browser.texts("#edges li").isEmpty() && browser.texts("#history pre").isEmpty());
      signIn(browser, TEAM_A.accessKeyId(), TEAM_A.secretAccessKey());
      browser.waitText("#meshes", "console-a");
      assertThat(browser.texts("#meshes button")).containsExactly("console-a");
      browser.waitText("#proxy-summary", "No proxy is connected.");
      browser.screenshot(SCREENSHOTS.resolve("07-limited-principal.png"));
      assertThat(browser.run("errors")).as("script errors in the page").isEmpty();
    }
    // The API the console calls authorizes proxy status like the mesh: refused outside the principal's mesh.
    var refused = SignedHttp.get(server.endpoint().resolve("/meshplane/v1/meshes/" + MESH + "/proxies"), TEAM_A);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("x-amzn-ErrorType")).contains("ForbiddenException");
    assertThat(JSON.readTree(refused.body()).path("message").asText())
        .contains("appmesh:DescribeMesh").contains("mesh/" + MESH);
    assertThat(SignedHttp.get(server.endpoint().resolve("/meshplane/v1/meshes/console-a/proxies"), TEAM_A).statusCode())
        .isEqualTo(200);
  }

  private static void signIn(ConsoleBrowser browser, String keyId, String secret) {
    browser.fill("#access-key", keyId);
    browser.fill("#secret-key", secret);
    browser.click("#sign-in-form button[type=submit]");
  }

  private static long generationOf(String virtualNode) throws Exception {
    var response = SignedHttp.get(server.endpoint().resolve("/meshplane/v1/meshes/" + MESH + "/virtualNodes/"
        + virtualNode + "/proxies"), server.credentials());
    JsonNode proxies = JSON.readTree(response.body()).path("proxies");
    return proxies.isEmpty() ? -1 : proxies.get(0).path("generation").asLong(-1);
  }
}
