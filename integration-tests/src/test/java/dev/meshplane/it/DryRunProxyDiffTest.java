package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.frontend.dryrun.ProxyConfigDiff;
import dev.meshplane.store.JournaledStore;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.appmesh.model.AppMeshException;

/**
 * The dry run's proxy diffs against what the transformer then stores: for a weight change, a new
 * route, a TLS change and a delete, the proxies listed are exactly those whose stored config
 * changes once the write is made through the SDK, each with the diff of its stored configs before
 * and after; nothing is written by the dry run; an invalid change is refused as the real write is.
 */
class DryRunProxyDiffTest extends OneServerPerClass {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MESH = "preview";
  private final AtomicInteger sentinels = new AtomicInteger();

  @Test
  void proxiesListedAreExactlyThoseWhoseStoredConfigChanges() throws Exception {
    JournaledStore store = server.bean(JournaledStore.class);
    ConfigStore configs = server.bean(ConfigStore.class);
    appMesh.createMesh(r -> r.meshName(MESH));
    appMesh.createMesh(r -> r.meshName("sentinel"));
    for (String color : new String[] {"blue", "red", "lonely"}) {
      appMesh.createVirtualNode(r -> r.meshName(MESH).virtualNodeName(color).spec(s -> s
          .listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))
          .serviceDiscovery(d -> d.dns(dns -> dns.hostname(color + ".preview.local")))));
    }
    appMesh.createVirtualRouter(r -> r.meshName(MESH).virtualRouterName("color-router")
        .spec(s -> s.listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))));
    appMesh.createRoute(r -> r.meshName(MESH).virtualRouterName("color-router").routeName("color")
        .spec(s -> s.httpRoute(h -> h.match(m -> m.prefix("/")).action(a -> a.weightedTargets(t -> t.virtualNode("blue").weight(1))))));
    appMesh.createVirtualService(r -> r.meshName(MESH).virtualServiceName("color.preview.local")
        .spec(s -> s.provider(p -> p.virtualRouter(v -> v.virtualRouterName("color-router")))));
    appMesh.createVirtualNode(r -> r.meshName(MESH).virtualNodeName("front").spec(s -> s
        .listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))
        .serviceDiscovery(d -> d.dns(dns -> dns.hostname("front.preview.local")))
        .backends(b -> b.virtualService(v -> v.virtualServiceName("color.preview.local")))));
    appMesh.createVirtualGateway(r -> r.meshName(MESH).virtualGatewayName("gw")
        .spec(s -> s.listeners(l -> l.portMapping(p -> p.port(80).protocol("http")))));
    appMesh.createGatewayRoute(r -> r.meshName(MESH).virtualGatewayName("gw").gatewayRouteName("to-color")
        .spec(s -> s.httpRoute(h -> h.match(m -> m.prefix("/")).action(a -> a.target(t -> t.virtualService(v -> v.virtualServiceName("color.preview.local")))))));

    // a weight change
    previewThenWrite(store, configs, change("UpdateRoute", """
        {"meshName": "preview", "virtualRouterName": "color-router", "routeName": "color",
         "spec": {"httpRoute": {"match": {"prefix": "/"}, "action": {"weightedTargets": [
           {"virtualNode": "blue", "weight": 1}, {"virtualNode": "red", "weight": 3}]}}}}"""),
        () -> appMesh.updateRoute(r -> r.meshName(MESH).virtualRouterName("color-router").routeName("color")
            .spec(s -> s.httpRoute(h -> h.match(m -> m.prefix("/")).action(a -> a.weightedTargets(
                t -> t.virtualNode("blue").weight(1), t -> t.virtualNode("red").weight(3)))))));
    // a new route
    previewThenWrite(store, configs, change("CreateRoute", """
        {"meshName": "preview", "virtualRouterName": "color-router", "routeName": "v2",
         "spec": {"priority": 1, "httpRoute": {"match": {"prefix": "/v2"}, "action": {"weightedTargets": [{"virtualNode": "red", "weight": 1}]}}}}"""),
        () -> appMesh.createRoute(r -> r.meshName(MESH).virtualRouterName("color-router").routeName("v2")
            .spec(s -> s.priority(1).httpRoute(h -> h.match(m -> m.prefix("/v2")).action(a -> a.weightedTargets(t -> t.virtualNode("red").weight(1)))))));
    // a TLS change: blue's listener terminates TLS
    previewThenWrite(store, configs, change("UpdateVirtualNode", """
        {"meshName": "preview", "virtualNodeName": "blue", "spec": {
          "listeners": [{"portMapping": {"port": 8080, "protocol": "http"},
            "tls": {"mode": "STRICT", "certificate": {"file": {"certificateChain": "/certs/blue.pem", "privateKey": "/certs/blue.key"}}}}],
          "serviceDiscovery": {"dns": {"hostname": "blue.preview.local"}}}}"""),
        () -> appMesh.updateVirtualNode(r -> r.meshName(MESH).virtualNodeName("blue").spec(s -> s
            .listeners(l -> l.portMapping(p -> p.port(8080).protocol("http"))
                .tls(t -> t.mode("STRICT").certificate(c -> c.file(f -> f.certificateChain("/certs/blue.pem").privateKey("/certs/blue.key")))))
            .serviceDiscovery(d -> d.dns(dns -> dns.hostname("blue.preview.local"))))));
    // a delete
    previewThenWrite(store, configs, change("DeleteVirtualNode", "{\"meshName\": \"preview\", \"virtualNodeName\": \"lonely\"}"),
        () -> appMesh.deleteVirtualNode(r -> r.meshName(MESH).virtualNodeName("lonely")));

    // an invalid change is refused as the real write is, and nothing is written
    String dangling = """
        {"meshName": "preview", "virtualRouterName": "color-router", "routeName": "bad",
         "spec": {"httpRoute": {"match": {"prefix": "/bad"}, "action": {"weightedTargets": [{"virtualNode": "nobody", "weight": 1}]}}}}""";
    HttpResponse<String> refused = dryRun(change("CreateRoute", dangling));
    AppMeshException real = catchThrowableOfType(AppMeshException.class, () -> appMesh.createRoute(r -> r.meshName(MESH)
        .virtualRouterName("color-router").routeName("bad")
        .spec(s -> s.httpRoute(h -> h.match(m -> m.prefix("/bad")).action(a -> a.weightedTargets(t -> t.virtualNode("nobody").weight(1)))))));
    assertThat(real).isNotNull();
    assertThat(refused.headers().firstValue("x-amzn-ErrorType")).contains(real.awsErrorDetails().errorCode());
    assertThat(refused.statusCode()).isEqualTo(real.statusCode());
    assertThat(JSON.readTree(refused.body()).get("message").asText())
        .isEqualTo("changes[0] CreateRoute: " + real.awsErrorDetails().errorMessage());
    assertThatThrownBy(() -> appMesh.describeRoute(r -> r.meshName(MESH).virtualRouterName("color-router").routeName("bad")))
        .isInstanceOf(software.amazon.awssdk.services.appmesh.model.NotFoundException.class);
  }

  @Test
  void applyDryRunPrintsTheProxiesItWouldChange() throws Exception {
    appMesh.createMesh(r -> r.meshName("cli-preview"));
    Path template = Files.createTempFile("cli-preview", ".yaml");
    String yaml = """
        Resources:
          Node: {Type: AWS::AppMesh::VirtualNode, Properties: {MeshName: cli-preview, VirtualNodeName: node,
                 Spec: {Listeners: [{PortMapping: {Port: 80, Protocol: http}}], ServiceDiscovery: {DNS: {Hostname: node.local}}}}}
          Idle: {Type: AWS::AppMesh::VirtualNode, Properties: {MeshName: cli-preview, VirtualNodeName: idle,
                 Spec: {ServiceDiscovery: {DNS: {Hostname: idle.local}}}}}
        """;
    Files.writeString(template, yaml);
    assertThat(MeshplaneCommand.run(server, "apply", "-f", template.toString()).exitCode()).isZero();
    Files.writeString(template, yaml.replace("Port: 80", "Port: 81"));
    MeshplaneCommand.Result preview = MeshplaneCommand.run(server, "apply", "-f", template.toString(), "--dry-run");
    assertThat(preview.exitCode()).as(preview.err()).isZero();
    assertThat(preview.out())
        .contains("would update virtualNode cli-preview/node", "    ~ spec.listeners[0].portMapping.port: 80 -> 81",
            "Proxies of mesh cli-preview whose config would change: 1", "  mesh/cli-preview/virtualNode/node (changed)")
        .doesNotContain("virtualNode/idle (");
    Files.writeString(template, yaml.replace("Port: 80", "Port: 70000"));
    MeshplaneCommand.Result invalid = MeshplaneCommand.run(server, "apply", "-f", template.toString(), "--dry-run");
    assertThat(invalid.exitCode()).isEqualTo(1);
    assertThat(invalid.err()).contains("BadRequestException", "changes[0] UpdateVirtualNode", "spec.listeners[0].portMapping.port");
  }

  private static ObjectNode change(String operation, String input) throws Exception {
    ObjectNode change = JSON.createObjectNode().put("operation", operation);
    change.set("input", JSON.readTree(input));
    return change;
  }

  private HttpResponse<String> dryRun(ObjectNode change) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    ((ArrayNode) body.putArray("changes")).add(change);
    return SignedHttp.sign("POST", server.endpoint().resolve("/meshplane/v1/meshes/" + MESH + "/dry-run"), body.toString(),
        RunningServer.ADMIN).send();
  }

  private void previewThenWrite(JournaledStore store, ConfigStore configs, ObjectNode change, Runnable write) throws Exception {
    awaitTransformer(configs);
    Map<String, byte[]> before = payloads(configs);
    long journal = store.journalAfter(0, 100_000).size();
    HttpResponse<String> response = dryRun(change);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(store.journalAfter(0, 100_000)).as("a dry run writes nothing").hasSize((int) journal);
    JsonNode preview = JSON.readTree(response.body());

    write.run();
    awaitTransformer(configs);
    Map<String, byte[]> after = payloads(configs);

    Map<String, JsonNode> expected = new LinkedHashMap<>();
    TreeSet<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    for (String key : keys) {
      ObjectNode diff = ProxyConfigDiff.of(key, before.get(key), after.get(key));
      if (diff != null) {
        expected.put(key, diff);
      }
    }
    Map<String, JsonNode> listed = new HashMap<>();
    for (JsonNode proxy : preview.get("proxies")) {
      ObjectNode shown = proxy.deepCopy();
      JsonNode violations = shown.remove("violations"); // none for a removed proxy
      assertThat(violations == null ? JSON.createArrayNode() : violations).as("violations of " + proxy.get("proxy")).isEmpty();
      listed.put(proxy.get("proxy").asText(), shown);
    }
    assertThat(listed.keySet()).as(change.get("operation") + ": proxies listed").isEqualTo(expected.keySet());
    assertThat(listed).as(change.get("operation") + ": diffs").isEqualTo(expected);
    assertThat(expected).as(change.get("operation") + " changes some proxy").isNotEmpty();
  }

  /** Waits until the transformer has handled every write so far: a sentinel written after them has its config. */
  private void awaitTransformer(ConfigStore configs) {
    String name = "s" + sentinels.incrementAndGet();
    appMesh.createVirtualNode(r -> r.meshName("sentinel").virtualNodeName(name)
        .spec(s -> s.serviceDiscovery(d -> d.dns(dns -> dns.hostname(name + ".sentinel.local")))));
    await().atMost(Duration.ofSeconds(30)).until(() -> configs.get("mesh/sentinel/virtualNode/" + name).isPresent());
  }

  private static Map<String, byte[]> payloads(ConfigStore configs) {
    Map<String, byte[]> payloads = new HashMap<>();
    for (ProxyConfigItem item : configs.listMesh(MESH)) {
      payloads.put(item.key(), item.payload());
    }
    return payloads;
  }
}
