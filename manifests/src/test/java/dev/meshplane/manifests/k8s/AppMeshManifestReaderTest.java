package dev.meshplane.manifests.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.DynamicMessage;
import dev.meshplane.manifests.DeclaredResource;
import dev.meshplane.model.ConstraintValidator;
import dev.meshplane.model.ProtoJson;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppMeshManifestReaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_]+)}");
  private static final Map<String, String> WALKTHROUGH_VARIABLES = Map.of(
      "APP_NAMESPACE", "howto-k8s", "MESH_NAME", "howto-k8s", "CLOUDMAP_NAMESPACE", "howto-k8s.pvt.aws.local",
      "AWS_ACCOUNT_ID", "111122223333", "AWS_DEFAULT_REGION", "us-west-2");

  private final AppMeshManifestReader reader = new AppMeshManifestReader();

  /** The AWS walkthroughs' objects each give the resources the App Mesh controller creates, all valid App Mesh specs. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      howto-k8s-http-headers     | Mesh=1 VirtualNode=6 VirtualRouter=1 Route=5 VirtualService=1
      howto-k8s-http-ingress-v2  | Mesh=1 VirtualGateway=1 VirtualNode=5 VirtualRouter=1 Route=2 VirtualService=4
      howto-k8s-grpc             | Mesh=1 VirtualNode=2 VirtualRouter=1 Route=1 VirtualService=1
      howto-k8s-retry-policy     | Mesh=1 VirtualNode=2 VirtualRouter=1 Route=1 VirtualService=1
      howto-k8s-tls-file-based   | Mesh=1 VirtualNode=4 VirtualRouter=1 Route=3 VirtualService=1
      howto-k8s-cloudmap         | Mesh=1 VirtualNode=3 VirtualRouter=2 Route=2 VirtualService=2
      """)
  void walkthroughTranslatesToValidAppMeshResources(String walkthrough, String expectedCounts) throws IOException {
    List<DeclaredResource> resources = reader.read(walkthrough(walkthrough + ".yaml.template"), Map.of());

    Map<String, Long> counts = resources.stream()
        .collect(Collectors.groupingBy(r -> r.kind().apiName(), java.util.LinkedHashMap::new, Collectors.counting()));
    String actualCounts = counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    assertThat(actualCounts).isEqualTo(expectedCounts);
    for (DeclaredResource resource : resources) {
      assertThat(resource.meshName()).isEqualTo("howto-k8s");
      assertThat(specViolations(resource)).as(resource.origin()).isEmpty();
    }
  }

  @Test
  void namesReferencesAndRoutesFollowTheControllerRules() throws IOException {
    List<DeclaredResource> resources = reader.read(walkthrough("howto-k8s-http-headers.yaml.template"), Map.of());

    DeclaredResource front = find(resources, ResourceKind.VIRTUAL_NODE, "front_howto-k8s");
    assertThat(front.origin()).isEqualTo("howto-k8s-http-headers.yaml.template#VirtualNode/howto-k8s/front");
    assertThat(front.spec().toString()).isEqualTo(json("""
        {"listeners":[{"portMapping":{"port":8080,"protocol":"http"},"healthCheck":{"protocol":"http","path":"/ping",
          "healthyThreshold":2,"unhealthyThreshold":2,"timeoutMillis":2000,"intervalMillis":5000}}],
         "backends":[{"virtualService":{"virtualServiceName":"color.howto-k8s.svc.cluster.local"}}],
         "serviceDiscovery":{"dns":{"hostname":"front.howto-k8s.svc.cluster.local"}}}"""));
    DeclaredResource blueRoute = find(resources, ResourceKind.ROUTE, "color-route-blue");
    assertThat(blueRoute.parentName()).isEqualTo("color_howto-k8s");
    assertThat(blueRoute.spec().toString()).isEqualTo(json("""
        {"priority":10,"httpRoute":{"match":{"prefix":"/","headers":[{"name":"color_header","match":{"exact":"blue"}}]},
         "action":{"weightedTargets":[{"virtualNode":"blue_howto-k8s","weight":1}]}}}"""));
    DeclaredResource service = find(resources, ResourceKind.VIRTUAL_SERVICE, "color.howto-k8s.svc.cluster.local");
    assertThat(service.spec().toString())
        .isEqualTo(json("{\"provider\":{\"virtualRouter\":{\"virtualRouterName\":\"color_howto-k8s\"}}}"));
    DeclaredResource mesh = find(resources, ResourceKind.MESH, "howto-k8s");
    assertThat(mesh.spec().toString()).isEqualTo("{}");
  }

  @Test
  void gatewayRouteJoinsTheGatewaySelectingItsNamespace() throws IOException {
    List<KubernetesObject> objects = new ArrayList<>(walkthrough("howto-k8s-http-ingress-v2.yaml.template"));
    objects.addAll(walkthrough("howto-k8s-http-ingress-v2-gatewayroutes.yaml.template"));

    DeclaredResource route = find(reader.read(objects, Map.of()), ResourceKind.GATEWAY_ROUTE, "rewrite-prefix_howto-k8s");

    assertThat(route.parentName()).isEqualTo("ingress-gw_howto-k8s");
    assertThat(route.spec().toString()).isEqualTo(json("""
        {"httpRoute":{"match":{"prefix":"/test/"},"action":{"target":{"virtualService":
          {"virtualServiceName":"color-paths.howto-k8s.svc.cluster.local"}},"rewrite":{"prefix":{"value":"/red/"}}}}}"""));
  }

  /** Each row: a manifest and the single error it must give (object, field path, message fragment). */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      ns-no-mesh.yaml    | m.yaml#VirtualNode/other/n metadata.namespace: no Mesh selects namespace other
      two-meshes.yaml    | m.yaml#VirtualService/apps/s metadata.namespace: meshes a, b all select namespace apps
      missing-ref.yaml   | m.yaml#VirtualNode/apps/n spec.backends[0].virtualService.virtualServiceRef: no VirtualService apps/nope
      both-ref-arn.yaml  | m.yaml#VirtualService/apps/s spec.provider.virtualNode: virtualNodeRef and virtualNodeARN are mutually exclusive
      wrong-arn.yaml     | m.yaml#VirtualService/apps/s spec.provider.virtualNode.virtualNodeARN: expects virtualNode ARN, got virtualRouter
      no-target.yaml     | m.yaml#VirtualRouter/apps/r spec.routes[0].httpRoute.action.weightedTargets[0]: one of virtualNodeRef or virtualNodeARN is required
      other-mesh.yaml    | m.yaml#VirtualNode/apps/n spec.backends[0].virtualService.virtualServiceRef: VirtualService s belongs to mesh b, not a
      route-unnamed.yaml | m.yaml#VirtualRouter/apps/r spec.routes[0].name: is required
      v1beta1.yaml       | m.yaml#Mesh/a apiVersion: only appmesh.k8s.aws/v1beta2
      """)
  void invalidManifestNamesObjectAndField(String file, String expected) throws IOException {
    List<KubernetesObject> objects = KubernetesYaml.parse("m.yaml", resource("invalid/" + file));

    assertThatThrownBy(() -> reader.read(objects, Map.of("apps", Map.of("mesh", "a"))))
        .isInstanceOf(ManifestException.class)
        .satisfies(e -> assertThat(((ManifestException) e).errors()).hasSize(1))
        .hasMessageStartingWith(expected);
  }

  @Test
  void backendGroupsExpandIntoBackendsOnce() throws IOException {
    List<KubernetesObject> objects = KubernetesYaml.parse("m.yaml", resource("backend-groups.yaml"));

    List<DeclaredResource> resources = reader.read(objects, Map.of());

    assertThat(find(resources, ResourceKind.VIRTUAL_NODE, "n_apps").spec().path("backends").toString())
        .isEqualTo(json("""
            [{"virtualService":{"virtualServiceName":"b_apps"}},
             {"virtualService":{"virtualServiceName":"a_apps"}},
             {"virtualService":{"virtualServiceName":"c_other"}}]"""));
    assertThat(find(resources, ResourceKind.VIRTUAL_NODE, "all_apps").spec().path("backends").toString())
        .isEqualTo(json("""
            [{"virtualService":{"virtualServiceName":"a_apps"}},{"virtualService":{"virtualServiceName":"b_apps"}}]"""));
    assertThat(resources).extracting(DeclaredResource::kind).doesNotContainNull();
  }

  @Test
  void meshTakesAwsNameOwnerAndServiceDiscovery() throws IOException {
    List<KubernetesObject> objects = KubernetesYaml.parse("m.yaml", """
        apiVersion: appmesh.k8s.aws/v1beta2
        kind: Mesh
        metadata: {name: k8s-name}
        spec:
          awsName: shared
          meshOwner: "111122223333"
          egressFilter: {type: ALLOW_ALL}
          meshServiceDiscovery: {ipPreference: IPv6_PREFERRED}
          namespaceSelector: {}
        ---
        apiVersion: appmesh.k8s.aws/v1beta2
        kind: VirtualNode
        metadata: {name: n, namespace: apps, uid: u1}
        spec:
          meshRef: {name: k8s-name}
          listeners: [{portMapping: {port: 80, protocol: http}, tls: {mode: STRICT,
            certificate: {acm: {certificateARN: "arn:aws:acm:us-west-2:111122223333:certificate/x"}}}}]
        """);

    List<DeclaredResource> resources = reader.read(objects, Map.of());

    DeclaredResource mesh = find(resources, ResourceKind.MESH, "shared");
    assertThat(mesh.meshOwner()).isEqualTo("111122223333");
    assertThat(mesh.spec().toString())
        .isEqualTo(json("{\"egressFilter\":{\"type\":\"ALLOW_ALL\"},\"serviceDiscovery\":{\"ipPreference\":\"IPv6_PREFERRED\"}}"));
    DeclaredResource node = find(resources, ResourceKind.VIRTUAL_NODE, "n_apps");
    assertThat(node.meshName()).isEqualTo("shared");
    assertThat(node.meshOwner()).isEqualTo("111122223333");
    assertThat(node.spec().path("listeners").get(0).path("tls").path("certificate").path("acm").toString())
        .isEqualTo("{\"certificateArn\":\"arn:aws:acm:us-west-2:111122223333:certificate/x\"}");
    assertThat(specViolations(node)).isEmpty();
  }

  @Test
  void labelSelectorOperators() throws IOException {
    var selector = JSON.readTree("""
        {"matchLabels":{"a":"1"},"matchExpressions":[{"key":"b","operator":"In","values":["x","y"]},
         {"key":"c","operator":"DoesNotExist"},{"key":"d","operator":"NotIn","values":["z"]},{"key":"a","operator":"Exists"}]}""");
    assertThat(LabelSelector.matches(selector, Map.of("a", "1", "b", "y"), false)).isTrue();
    assertThat(LabelSelector.matches(selector, Map.of("a", "1", "b", "y", "d", "z"), false)).isFalse();
    assertThat(LabelSelector.matches(selector, Map.of("a", "1", "b", "y", "c", ""), false)).isFalse();
    assertThat(LabelSelector.matches(selector, Map.of("a", "2", "b", "y"), false)).isFalse();
    assertThat(LabelSelector.matches(null, Map.of(), false)).isFalse();
    assertThat(LabelSelector.matches(JSON.readTree("{}"), Map.of(), false)).isTrue();
  }

  private static List<Violation> specViolations(DeclaredResource resource) {
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(resource.kind().specDescriptor());
    List<Violation> violations = new ArrayList<>(ProtoJson.merge(resource.spec(), builder, "spec"));
    violations.addAll(ConstraintValidator.validate(builder, "spec"));
    return violations;
  }

  private static DeclaredResource find(List<DeclaredResource> resources, ResourceKind kind, String name) {
    return resources.stream().filter(r -> r.kind() == kind && r.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + resources.stream()
            .map(r -> r.kind() + "/" + r.name()).toList()));
  }

  private static String json(String text) throws IOException {
    return JSON.readTree(text).toString();
  }

  static List<KubernetesObject> walkthrough(String file) throws IOException {
    Matcher matcher = VARIABLE.matcher(resource("walkthroughs/" + file));
    StringBuilder rendered = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(rendered, WALKTHROUGH_VARIABLES.getOrDefault(matcher.group(1), "image:latest"));
    }
    matcher.appendTail(rendered);
    return KubernetesYaml.parse(file, rendered.toString());
  }

  private static String resource(String path) throws IOException {
    try (InputStream in = AppMeshManifestReaderTest.class.getResourceAsStream("/k8s/" + path)) {
      if (in == null) {
        throw new IOException("no test resource /k8s/" + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
