package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.store.JournaledStore;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.appmesh.AppMeshClient;
import software.amazon.awssdk.services.appmesh.model.NotFoundException;
import software.amazon.awssdk.services.appmesh.model.RouteSpec;

/**
 * History, as-of views and rollback against a sequence of SDK writes by several principals (an IAM
 * file): the history names each write's principal, operation, version and spec diff and filters by
 * principal and resource; the as-of view is the mesh as it was; rollback writes the inverse changes
 * as new journaled writes, restoring the specs and the proxies' stored configs.
 */
class HistoryRollbackTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AwsBasicCredentials ALICE = AwsBasicCredentials.create("AKIAALICE00000000001", "alice-secret-0123456789");
  private static final AwsBasicCredentials BOB = AwsBasicCredentials.create("AKIABOB0000000000001", "bob-secret-0123456789");
  private static final AwsBasicCredentials CAROL = AwsBasicCredentials.create("AKIACAROL0000000001", "carol-secret-0123456789");
  private static final String ALICE_ARN = "arn:aws:iam::" + RunningServer.ACCOUNT + ":user/alice";
  private static final String BOB_ARN = "arn:aws:iam::" + RunningServer.ACCOUNT + ":user/bob";
  private static final String ROUTE_KEY = "mesh/hist/virtualRouter/color-router/route/color";

  @TempDir Path dir;

  private static String iam() {
    String all = "[{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}]";
    return """
        {"principals": [
          {"name": "admin", "accessKeys": [{"id": "%s", "secret": "%s"}], "policies": %s},
          {"name": "alice", "accessKeys": [{"id": "%s", "secret": "%s"}], "policies": %s},
          {"name": "bob", "accessKeys": [{"id": "%s", "secret": "%s"}], "policies": %s},
          {"name": "carol", "accessKeys": [{"id": "%s", "secret": "%s"}],
           "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "appmesh:DescribeVirtualNode", "Resource": "*"}]}]}
        ]}""".formatted(RunningServer.ADMIN.accessKeyId(), RunningServer.ADMIN.secretAccessKey(), all,
        ALICE.accessKeyId(), ALICE.secretAccessKey(), all, BOB.accessKeyId(), BOB.secretAccessKey(), all,
        CAROL.accessKeyId(), CAROL.secretAccessKey());
  }

  @Test
  void historyAsOfAndRollbackOfWritesBySeveralPrincipals() throws Exception {
    Path iamFile = Files.writeString(dir.resolve("iam.json"), iam());
    try (RunningServer server = RunningServer.onSqlite(dir.resolve("data"), Map.of("meshplane.iam-file", iamFile.toString()));
        AppMeshClient alice = server.client(ALICE);
        AppMeshClient bob = server.client(BOB)) {
      JournaledStore store = server.bean(JournaledStore.class);
      ConfigStore configs = server.bean(ConfigStore.class);
      alice.createMesh(r -> r.meshName("hist"));
      for (String color : List.of("blue", "red")) {
        alice.createVirtualNode(r -> r.meshName("hist").virtualNodeName(color).spec(s -> s
            .listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))
            .serviceDiscovery(d -> d.dns(dns -> dns.hostname(color + ".hist.local")))));
      }
      alice.createVirtualRouter(r -> r.meshName("hist").virtualRouterName("color-router")
          .spec(s -> s.listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))));
      alice.createRoute(r -> r.meshName("hist").virtualRouterName("color-router").routeName("color")
          .spec(s -> s.httpRoute(h -> h.match(m -> m.prefix("/")).action(a -> a.weightedTargets(t -> t.virtualNode("blue").weight(1))))));
      alice.createVirtualService(r -> r.meshName("hist").virtualServiceName("color.hist.local")
          .spec(s -> s.provider(p -> p.virtualRouter(v -> v.virtualRouterName("color-router")))));
      alice.createVirtualNode(r -> r.meshName("hist").virtualNodeName("front").spec(s -> s
          .listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))
          .serviceDiscovery(d -> d.dns(dns -> dns.hostname("front.hist.local")))
          .backends(b -> b.virtualService(v -> v.virtualServiceName("color.hist.local")))));
      long before = store.journalOfMesh("hist", 0, 1000).stream().mapToLong(e -> e.seq()).max().orElseThrow();
      RouteSpec routeBefore = alice.describeRoute(r -> r.meshName("hist").virtualRouterName("color-router").routeName("color")).route().spec();
      ProxyConfigItem frontBefore = awaitConfig(store, configs, "mesh/hist/virtualNode/front");

      bob.updateRoute(r -> r.meshName("hist").virtualRouterName("color-router").routeName("color")
          .spec(s -> s.httpRoute(h -> h.match(m -> m.prefix("/")).action(a -> a.weightedTargets(
              t -> t.virtualNode("blue").weight(1), t -> t.virtualNode("red").weight(3))))));
      bob.createVirtualNode(r -> r.meshName("hist").virtualNodeName("green").spec(s -> s
          .listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))
          .serviceDiscovery(d -> d.dns(dns -> dns.hostname("green.hist.local")))));
      await().atMost(Duration.ofSeconds(20)).until(() -> configs.get("mesh/hist/virtualNode/green").isPresent());
      assertThat(configs.get("mesh/hist/virtualNode/front").orElseThrow().contentHash()).isNotEqualTo(frontBefore.contentHash());

      // the whole history names each principal, operation, resource, version and spec diff
      MeshplaneCommand.Result history = MeshplaneCommand.run(server, "history", "--mesh", "hist");
      assertThat(history.exitCode()).as(history.err()).isZero();
      assertThat(history.out())
          .contains(ALICE_ARN + "  CREATE mesh/hist  version 1")
          .contains(BOB_ARN + "  UPDATE " + ROUTE_KEY + "  version 2")
          .contains("    + spec.httpRoute.action.weightedTargets[1]: {\"virtualNode\":\"red\",\"weight\":3}")
          .contains(BOB_ARN + "  CREATE mesh/hist/virtualNode/green  version 1");
      MeshplaneCommand.Result bobs = MeshplaneCommand.run(server, "history", "--mesh", "hist", "--principal", BOB_ARN);
      assertThat(bobs.out().lines().filter(line -> !line.startsWith(" "))).hasSize(2).allMatch(line -> line.contains(BOB_ARN));
      MeshplaneCommand.Result route = MeshplaneCommand.run(server, "history", "--mesh", "hist", "--resource",
          "arn:aws:appmesh:" + RunningServer.REGION + ":" + RunningServer.ACCOUNT + ":" + ROUTE_KEY);
      assertThat(route.out().lines().filter(line -> !line.startsWith(" ")))
          .hasSize(2).allMatch(line -> line.contains(ROUTE_KEY));

      // the API pages and is authorized like DescribeMesh
      JsonNode firstPage = JSON.readTree(SignedHttp.get(server.endpoint().resolve("/meshplane/v1/meshes/hist/history?limit=3"),
          RunningServer.ADMIN).body());
      assertThat(firstPage.get("entries")).hasSize(3);
      JsonNode secondPage = JSON.readTree(SignedHttp.get(server.endpoint().resolve(
          "/meshplane/v1/meshes/hist/history?limit=3&afterSeq=" + firstPage.get("nextAfterSeq").asLong()), RunningServer.ADMIN).body());
      assertThat(secondPage.get("entries").get(0).get("seq").asLong()).isGreaterThan(firstPage.get("nextAfterSeq").asLong());
      HttpResponse<String> refused = SignedHttp.get(server.endpoint().resolve("/meshplane/v1/meshes/hist/history"), CAROL);
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.headers().firstValue("x-amzn-ErrorType")).contains("ForbiddenException");
      assertThat(refused.body()).contains("appmesh:DescribeMesh");

      // a dry run is authorized as the write it previews
      HttpResponse<String> previewRefused = SignedHttp.sign("POST", server.endpoint().resolve("/meshplane/v1/meshes/hist/dry-run"),
          "{\"changes\": [{\"operation\": \"DeleteVirtualNode\", \"input\": {\"meshName\": \"hist\", \"virtualNodeName\": \"green\"}}]}",
          CAROL).send();
      assertThat(previewRefused.statusCode()).isEqualTo(403);
      assertThat(previewRefused.body()).contains("appmesh:DeleteVirtualNode");

      // as of the sequence number before bob's writes: his route and node are not there
      JsonNode asOf = JSON.readTree(SignedHttp.get(server.endpoint().resolve("/meshplane/v1/meshes/hist/as-of?seq=" + before),
          RunningServer.ADMIN).body());
      assertThat(asOf.get("resources")).hasSize(7);
      assertThat(asOf.toString()).doesNotContain("green").contains("\"weightedTargets\":[{\"virtualNode\":\"blue\",\"weight\":1}]");
      // the same point named by its commit time
      String beforeTime = store.journalOfMesh("hist", before - 1, 1).get(0).at().toString();
      JsonNode asOfTime = JSON.readTree(SignedHttp.get(server.endpoint().resolve("/meshplane/v1/meshes/hist/as-of?time=" + beforeTime),
          RunningServer.ADMIN).body());
      // (bob wrote only after the transformer had caught up, long after that millisecond)
      assertThat(asOfTime.get("asOfSeq").asLong()).isEqualTo(before);
      assertThat(asOfTime.get("resources")).isEqualTo(asOf.get("resources"));

      // rollback: previewed, then written as new journaled writes
      long head = store.journalAfter(0, 10_000).size();
      MeshplaneCommand.Result preview = MeshplaneCommand.run(server, "rollback", "--mesh", "hist", "--to", Long.toString(before), "--dry-run");
      assertThat(preview.out()).contains("would update route hist/color-router/color", "would delete virtualNode hist/green",
          "    - spec.httpRoute.action.weightedTargets[1]: {\"virtualNode\":\"red\",\"weight\":3}");
      assertThat(store.journalAfter(0, 10_000)).hasSize((int) head);

      MeshplaneCommand.Result rollback = MeshplaneCommand.run(server, "rollback", "--mesh", "hist", "--to", Long.toString(before));
      assertThat(rollback.exitCode()).as(rollback.err()).isZero();
      assertThat(rollback.out()).contains("updated route hist/color-router/color", "deleted virtualNode hist/green");
      assertThat(alice.describeRoute(r -> r.meshName("hist").virtualRouterName("color-router").routeName("color")).route().spec())
          .isEqualTo(routeBefore);
      assertThatThrownBy(() -> alice.describeVirtualNode(r -> r.meshName("hist").virtualNodeName("green"))).isInstanceOf(NotFoundException.class);
      assertThat(store.journalAfter(0, 10_000)).hasSize((int) head + 2);
      assertThat(MeshplaneCommand.run(server, "history", "--mesh", "hist", "--resource", ROUTE_KEY).out())
          .contains(RunningServer.ADMIN_ARN + "  UPDATE " + ROUTE_KEY + "  version 3");

      // the transformer deletes green's config in the pass that rewrites front's
      await().atMost(Duration.ofSeconds(20)).until(() -> configs.get("mesh/hist/virtualNode/green").isEmpty());
      ProxyConfigItem frontRestored = configs.get("mesh/hist/virtualNode/front").orElseThrow();
      assertThat(frontRestored.contentHash()).isEqualTo(frontBefore.contentHash());
      assertThat(frontRestored.payload()).isEqualTo(frontBefore.payload());
    }
  }

  /** The proxy's stored config once the transformer has caught up with the mesh's latest write. */
  private static ProxyConfigItem awaitConfig(JournaledStore store, ConfigStore configs, String key) {
    long generation = store.meshGeneration("hist");
    return await().atMost(Duration.ofSeconds(20)).until(() -> configs.get(key).orElse(null),
        item -> item != null && item.generation() >= generation);
  }
}
