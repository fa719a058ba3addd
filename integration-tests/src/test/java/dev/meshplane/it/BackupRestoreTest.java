package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.launcher.Main;
import dev.meshplane.store.JournaledStore;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.appmesh.AppMeshClient;

/**
 * {@code meshplane backup} of a running all-in-one server and {@code meshplane restore} into an
 * empty data directory: a server started on the restored store answers every describe, list and
 * tag request as the original did at the backup's sequence, and its transformer rebuilds the same
 * proxy configs. A restore to an earlier journal sequence gives the mesh as it was then.
 */
class BackupRestoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> NODES = List.of("web", "web-v2", "client");

  @TempDir Path dir;

  @Test
  void aRestoredBackupAnswersAndConfiguresProxiesAsTheOriginalDid() throws Exception {
    Path original = dir.resolve("original");
    Path backupAtFirst = dir.resolve("first.backup");
    Path backupAtLast = dir.resolve("last.backup");
    Map<String, String> answersAtFirst;
    Map<String, JsonNode> configsAtFirst;
    Map<String, String> answersAtLast;
    Map<String, JsonNode> configsAtLast;
    long firstSeq;
    try (RunningServer server = RunningServer.onSqlite(original); AppMeshClient appMesh = server.client()) {
      buildShop(appMesh);
      configsAtFirst = configs(server, 7); // the client node's create: later writes only tag
      answersAtFirst = answers(appMesh);
      firstSeq = server.bean(JournaledStore.class).journalAfter(0, 10_000).size();
      assertThat(run("backup", "--data-dir", original.toString(), "--to", backupAtFirst.toString())).isZero();

      appMesh.updateRoute(r -> r.meshName("shop").virtualRouterName("web-router").routeName("all")
          .spec(s -> s.httpRoute(h -> h.match(m -> m.prefix("/")).action(a -> a.weightedTargets(
              t -> t.virtualNode("web").weight(10), t -> t.virtualNode("web-v2").weight(90))))));
      appMesh.untagResource(r -> r.resourceArn(arn("virtualNode/web")).tagKeys("team"));
      configsAtLast = configs(server, 9); // the route's update
      answersAtLast = answers(appMesh);
      assertThat(answersAtLast).isNotEqualTo(answersAtFirst);
      assertThat(run("backup", "--data-dir", original.toString(), "--to", backupAtLast.toString())).isZero();
    }

    Path restored = dir.resolve("restored");
    assertThat(run("restore", "--data-dir", restored.toString(), "--from", backupAtLast.toString())).isZero();
    assertServes(restored, answersAtLast, configsAtLast);

    Path asOfFirst = dir.resolve("as-of-first");
    assertThat(run("restore", "--data-dir", asOfFirst.toString(), "--from", backupAtLast.toString(),
        "--to-seq", Long.toString(firstSeq))).isZero();
    assertServes(asOfFirst, answersAtFirst, configsAtFirst);

    Path fromFirst = dir.resolve("from-first");
    assertThat(run("restore", "--data-dir", fromFirst.toString(), "--from", backupAtFirst.toString())).isZero();
    assertServes(fromFirst, answersAtFirst, configsAtFirst);

    // a restore never overwrites: the restored store is not empty any more
    assertThat(run("restore", "--data-dir", restored.toString(), "--from", backupAtFirst.toString())).isEqualTo(2);
  }

  private void assertServes(Path dataDir, Map<String, String> answers, Map<String, JsonNode> configs)
      throws Exception {
    try (RunningServer server = RunningServer.onSqlite(dataDir); AppMeshClient appMesh = server.client()) {
      assertThat(answers(appMesh)).isEqualTo(answers);
      // the transformer rebuilds every config from the restored resources on its first pass
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> configs(server, 1).equals(configs));
      assertThat(configs(server, 1)).isEqualTo(configs);
    }
  }

  private static void buildShop(AppMeshClient appMesh) {
    appMesh.createMesh(r -> r.meshName("shop"));
    for (String node : List.of("web", "web-v2")) {
      appMesh.createVirtualNode(r -> r.meshName("shop").virtualNodeName(node).spec(s -> s
          .listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))
          .serviceDiscovery(d -> d.dns(dns -> dns.hostname(node + ".shop.local"))))
          .tags(t -> t.key("team").value("storefront")));
    }
    appMesh.createVirtualRouter(r -> r.meshName("shop").virtualRouterName("web-router")
        .spec(s -> s.listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))));
    appMesh.createRoute(r -> r.meshName("shop").virtualRouterName("web-router").routeName("all")
        .spec(s -> s.httpRoute(h -> h.match(m -> m.prefix("/")).action(a -> a.weightedTargets(
            t -> t.virtualNode("web").weight(90), t -> t.virtualNode("web-v2").weight(10))))));
    appMesh.createVirtualService(r -> r.meshName("shop").virtualServiceName("web.shop.local")
        .spec(s -> s.provider(p -> p.virtualRouter(v -> v.virtualRouterName("web-router")))));
    appMesh.createVirtualNode(r -> r.meshName("shop").virtualNodeName("client")
        .spec(s -> s.backends(b -> b.virtualService(v -> v.virtualServiceName("web.shop.local")))));
    appMesh.tagResource(r -> r.resourceArn(arn("mesh")).tags(t -> t.key("env").value("prod")));
  }

  /** What the API answers about every resource: describes with metadata, lists and tags. */
  private static Map<String, String> answers(AppMeshClient appMesh) {
    Map<String, String> answers = new LinkedHashMap<>();
    answers.put("meshes", appMesh.listMeshes(r -> { }).meshes().toString());
    answers.put("mesh", appMesh.describeMesh(r -> r.meshName("shop")).mesh().toString());
    answers.put("nodes", appMesh.listVirtualNodes(r -> r.meshName("shop")).virtualNodes().toString());
    for (String node : NODES) {
      answers.put("node " + node,
          appMesh.describeVirtualNode(r -> r.meshName("shop").virtualNodeName(node)).virtualNode().toString());
      answers.put("tags " + node,
          appMesh.listTagsForResource(r -> r.resourceArn(arn("virtualNode/" + node))).tags().toString());
    }
    answers.put("route", appMesh.describeRoute(r -> r.meshName("shop").virtualRouterName("web-router")
        .routeName("all")).route().toString());
    answers.put("router", appMesh.describeVirtualRouter(r -> r.meshName("shop").virtualRouterName("web-router"))
        .virtualRouter().toString());
    answers.put("service", appMesh.describeVirtualService(r -> r.meshName("shop")
        .virtualServiceName("web.shop.local")).virtualService().toString());
    answers.put("tags mesh", appMesh.listTagsForResource(r -> r.resourceArn(arn("mesh"))).tags().toString());
    return answers;
  }

  /**
   * Each node's stored proxy config, once the client's reflects at least the given mesh
   * generation (a node's config keeps the generation that last changed it; the client's changes
   * with every route and node, and one pass writes them all).
   */
  private static Map<String, JsonNode> configs(RunningServer server, long generation) {
    Map<String, JsonNode> configs = new LinkedHashMap<>();
    for (String node : List.of("client", "web", "web-v2")) {
      long atLeast = node.equals("client") ? generation : 1;
      List<JsonNode> seen = new ArrayList<>();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
        HttpResponse<String> response = SignedHttp.get(
            server.endpoint().resolve("/meshplane/v1/meshes/shop/virtualNodes/" + node + "/config"),
            server.credentials());
        if (response.statusCode() != 200) {
          return false;
        }
        JsonNode body = JSON.readTree(response.body());
        seen.add(0, body);
        return body.path("generation").asLong() >= atLeast;
      });
      JsonNode latest = seen.get(0);
      configs.put(node, JSON.createObjectNode()
          .put("contentHash", latest.path("contentHash").asText())
          .set("config", latest.path("config")));
    }
    return configs;
  }

  private static String arn(String path) {
    return "arn:aws:appmesh:" + RunningServer.REGION + ":" + RunningServer.ACCOUNT + ":mesh/shop"
        + (path.equals("mesh") ? "" : "/" + path);
  }

  private static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }
}
