package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.k8s.AppMeshApiClient;
import dev.meshplane.k8s.AppMeshController;
import dev.meshplane.k8s.ControllerSettings;
import dev.meshplane.k8s.CrdKind;
import dev.meshplane.manifests.k8s.KubernetesObject;
import dev.meshplane.manifests.k8s.KubernetesYaml;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.appmesh.model.NotFoundException;
import software.amazon.awssdk.services.appmesh.model.VirtualNodeSpec;

/**
 * The Kubernetes controller against a running Meshplane: EKS walkthrough objects become App Mesh
 * resources (described back through the AWS SDK), with the AWS controller's status; edits, drift,
 * deletions and invalid objects are handled.
 *
 * <p>The Kubernetes API is the fabric8 mock server in CRUD mode: an API-server emulator (it keeps
 * objects, generations, the status subresource, watches, finalizers and deletion timestamps) used
 * because no real API server runs here without containers. The CRDs installed into it are the AWS
 * controller's own, as the Helm chart ships them.
 */
class KubernetesControllerTest extends OneServerPerClass {

  private static final Path CRDS = Path.of("../deploy/helm/meshplane/crds");
  private static final Path WALKTHROUGH =
      Path.of("../manifests/src/test/resources/k8s/walkthroughs/howto-k8s-http-headers.yaml.template");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MESH = "howto-k8s-http-headers";
  private static final String NS = "howto-k8s-http-headers";

  private KubernetesMockServer apiServer;
  private KubernetesClient kube;
  private AppMeshController controller;

  @BeforeEach
  void startKubernetesAndController() throws IOException {
    apiServer = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
    apiServer.init();
    kube = apiServer.createClient();
    try (Stream<Path> crds = Files.list(CRDS)) {
      for (Path crd : crds.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        try (InputStream in = Files.newInputStream(crd)) {
          kube.apiextensions().v1().customResourceDefinitions().load(in).create();
        }
      }
    }
    ControllerSettings fast = new ControllerSettings(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(30));
    controller = new AppMeshController(kube, new AppMeshApiClient(appMesh), fast);
    controller.start();
  }

  @AfterEach
  void stop() {
    controller.close();
    kube.close();
    apiServer.destroy();
  }

  @Test
  void walkthroughObjectsBecomeAppMeshResourcesAndFollowEditsDriftAndDeletion() throws IOException {
    List<KubernetesObject> objects = walkthrough();
    objects.forEach(this::create);

    // Created, with the AWS controller's status.
    await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode status = status(CrdKind.VIRTUAL_NODE, NS, "front");
      String arn = appMesh.describeVirtualNode(b -> b.meshName(MESH).virtualNodeName("front_" + NS)).virtualNode().metadata().arn();
      assertThat(status.path("virtualNodeARN").asText()).isEqualTo(arn);
      assertThat(condition(status, "VirtualNodeActive")).isEqualTo("True");
      assertThat(status.path("observedGeneration").asLong()).isEqualTo(1);
    });
    await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode router = status(CrdKind.VIRTUAL_ROUTER, NS, "color");
      assertThat(router.path("routeARNs").size()).isEqualTo(5);
      assertThat(condition(status(CrdKind.MESH, null, MESH), "MeshActive")).isEqualTo("True");
      assertThat(condition(status(CrdKind.VIRTUAL_SERVICE, NS, "color"), "VirtualServiceActive")).isEqualTo("True");
    });
    assertThat(appMesh.describeRoute(b -> b.meshName(MESH).virtualRouterName("color_" + NS).routeName("color-route-blue"))
        .route().spec().httpRoute().action().weightedTargets().get(0).virtualNode()).isEqualTo("blue_" + NS);
    assertThat(appMesh.describeVirtualService(b -> b.meshName(MESH).virtualServiceName("color." + NS + ".svc.cluster.local"))
        .virtualService().spec().provider().virtualRouter().virtualRouterName()).isEqualTo("color_" + NS);
    assertThat(kube.genericKubernetesResources(CrdKind.VIRTUAL_NODE.context()).inNamespace(NS).withName("front").get()
        .getMetadata().getFinalizers()).containsExactly(CrdKind.FINALIZER);

    // An edit is reconciled: a new port, and a route dropped from the router.
    handle(CrdKind.VIRTUAL_NODE, NS, "front").edit(r -> {
      listener(r).put("port", 9090);
      return r;
    });
    handle(CrdKind.VIRTUAL_ROUTER, NS, "color").edit(r -> {
      ((List<?>) spec(r).get("routes")).remove(4);
      return r;
    });
    await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(frontSpec().listeners().get(0).portMapping().port()).isEqualTo(9090);
      assertThat(status(CrdKind.VIRTUAL_NODE, NS, "front").path("observedGeneration").asLong()).isEqualTo(2);
      assertThat(appMesh.listRoutes(b -> b.meshName(MESH).virtualRouterName("color_" + NS)).routes()).hasSize(4);
    });

    // A change behind the controller's back is put back on the next resync.
    VirtualNodeSpec declared = frontSpec();
    appMesh.updateVirtualNode(b -> b.meshName(MESH).virtualNodeName("front_" + NS)
        .spec(declared.toBuilder().backends(List.of()).build()));
    assertThat(frontSpec().backends()).isEmpty();
    await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(frontSpec()).isEqualTo(declared));

    // Deleting everything removes the App Mesh resources, then the finalizers let the objects go.
    for (KubernetesObject object : objects) {
      CrdKind.of(object.kind()).ifPresent(kind -> handle(kind, kind.namespaced() ? NS : null, object.name()).delete());
    }
    await().ignoreExceptions().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(kube.genericKubernetesResources(CrdKind.MESH.context()).list().getItems()).isEmpty();
      assertThat(kube.genericKubernetesResources(CrdKind.VIRTUAL_NODE.context()).inAnyNamespace().list().getItems()).isEmpty();
    });
    assertThat(describeMeshMissing()).isTrue();
  }

  @Test
  void invalidObjectsGetAFalseConditionAndAreRetriedWithBackoff() throws IOException {
    walkthrough().stream().filter(o -> !o.kind().equals("VirtualNode") || o.name().equals("blue")).forEach(this::create);
    KubernetesYaml.parse("bad.yaml", """
        apiVersion: appmesh.k8s.aws/v1beta2
        kind: VirtualNode
        metadata: {name: dangling, namespace: %s}
        spec:
          listeners: [{portMapping: {port: 8080, protocol: http}}]
          serviceDiscovery: {dns: {hostname: dangling.local}}
          backends: [{virtualService: {virtualServiceRef: {name: nowhere}}}]
        ---
        apiVersion: appmesh.k8s.aws/v1beta2
        kind: VirtualNode
        metadata: {name: refused, namespace: %s}
        spec:
          listeners: [{portMapping: {port: 8080, protocol: http}}]
        """.formatted(NS, NS)).forEach(this::create);

    // Invalid as a manifest (the controller's translation) and invalid for the App Mesh API (Meshplane's answer).
    await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode dangling = conditionNode(status(CrdKind.VIRTUAL_NODE, NS, "dangling"), "VirtualNodeActive");
      assertThat(dangling.path("status").asText()).isEqualTo("False");
      assertThat(dangling.path("reason").asText()).isEqualTo("InvalidSpec");
      assertThat(dangling.path("message").asText())
          .contains("spec.backends[0].virtualService.virtualServiceRef", "no VirtualService " + NS + "/nowhere");
      JsonNode refused = conditionNode(status(CrdKind.VIRTUAL_NODE, NS, "refused"), "VirtualNodeActive");
      assertThat(refused.path("status").asText()).isEqualTo("False");
      assertThat(refused.path("reason").asText()).isEqualTo("BadRequestException");
      assertThat(refused.path("message").asText()).contains("spec.serviceDiscovery");
    });
    String dangling = handle(CrdKind.VIRTUAL_NODE, NS, "dangling").get().getMetadata().getUid();
    String refused = handle(CrdKind.VIRTUAL_NODE, NS, "refused").get().getMetadata().getUid();
    int danglingBefore = controller.attempts(dangling);
    int refusedBefore = controller.attempts(refused);
    // Passes run every second; the backoff (2 s, then 4 s, ...) keeps the attempts of each object few.
    await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(7)).until(() -> true);
    assertThat(controller.attempts(dangling) - danglingBefore).isBetween(1, 3);
    assertThat(controller.attempts(refused) - refusedBefore).isBetween(1, 3);

    // Fixing the object (a new generation) is tried at once and succeeds.
    handle(CrdKind.VIRTUAL_NODE, NS, "dangling").edit(r -> {
      spec(r).remove("backends");
      return r;
    });
    await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(condition(status(CrdKind.VIRTUAL_NODE, NS, "dangling"), "VirtualNodeActive")).isEqualTo("True"));
  }

  private boolean describeMeshMissing() {
    try {
      appMesh.describeMesh(b -> b.meshName(MESH));
      return false;
    } catch (NotFoundException e) {
      return true;
    }
  }

  private VirtualNodeSpec frontSpec() {
    return appMesh.describeVirtualNode(b -> b.meshName(MESH).virtualNodeName("front_" + NS)).virtualNode().spec();
  }

  private static List<KubernetesObject> walkthrough() throws IOException {
    String text = Files.readString(WALKTHROUGH).replace("${APP_NAMESPACE}", NS).replace("${MESH_NAME}", MESH);
    return KubernetesYaml.parse(WALKTHROUGH.getFileName().toString(), text);
  }

  private void create(KubernetesObject object) {
    if (object.kind().equals("Namespace")) {
      kube.namespaces().resource(JSON.convertValue(object.object(), Namespace.class)).create();
      return;
    }
    CrdKind.of(object.kind()).filter(k -> object.apiVersion().startsWith(CrdKind.GROUP)).ifPresent(kind -> {
      GenericKubernetesResource resource = JSON.convertValue(object.object(), GenericKubernetesResource.class);
      var resources = kube.genericKubernetesResources(kind.context());
      (kind.namespaced() ? resources.inNamespace(object.namespace("default")) : resources).resource(resource).create();
    });
  }

  private Resource<GenericKubernetesResource> handle(CrdKind kind, String namespace, String name) {
    var resources = kube.genericKubernetesResources(kind.context());
    return namespace == null ? resources.withName(name) : resources.inNamespace(namespace).withName(name);
  }

  private JsonNode status(CrdKind kind, String namespace, String name) {
    GenericKubernetesResource resource = handle(kind, namespace, name).get();
    return JSON.valueToTree(resource.getAdditionalProperties().getOrDefault("status", Map.of()));
  }

  private static String condition(JsonNode status, String type) {
    return conditionNode(status, type).path("status").asText("absent");
  }

  private static JsonNode conditionNode(JsonNode status, String type) {
    for (JsonNode condition : status.path("conditions")) {
      if (condition.path("type").asText().equals(type)) {
        return condition;
      }
    }
    return JSON.createObjectNode();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> listener(GenericKubernetesResource resource) {
    List<Map<String, Object>> listeners = (List<Map<String, Object>>) spec(resource).get("listeners");
    return (Map<String, Object>) listeners.get(0).get("portMapping");
  }
}
