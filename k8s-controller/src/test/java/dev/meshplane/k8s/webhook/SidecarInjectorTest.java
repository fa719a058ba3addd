package dev.meshplane.k8s.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.manifests.k8s.KubernetesObject;
import dev.meshplane.manifests.k8s.KubernetesYaml;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * AdmissionReview v1 requests for pods, answered as the AWS App Mesh injector would: the patch is
 * applied with a real JSON patch implementation (zjsonpatch) and the resulting pod inspected.
 */
class SidecarInjectorTest {

  static final ObjectMapper JSON = new ObjectMapper();

  /** The cluster: a labelled namespace {@code shop} with nodes, a gateway and a mesh; {@code plain} is unlabelled. */
  static final String CLUSTER = """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop, labels: {mesh: shop, appmesh.k8s.aws/sidecarInjectorWebhook: enabled}}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: plain, labels: {mesh: shop}}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: optin, labels: {mesh: shop, appmesh.k8s.aws/sidecarInjectorWebhook: disabled}}
      ---
      apiVersion: appmesh.k8s.aws/v1beta2
      kind: Mesh
      metadata: {name: shop}
      spec: {namespaceSelector: {matchLabels: {mesh: shop}}}
      ---
      apiVersion: appmesh.k8s.aws/v1beta2
      kind: VirtualNode
      metadata: {name: front, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: front}}
        listeners: [{portMapping: {port: 8080, protocol: http}}, {portMapping: {port: 9090, protocol: grpc}}]
        serviceDiscovery: {dns: {hostname: front.shop.svc.cluster.local}}
      ---
      apiVersion: appmesh.k8s.aws/v1beta2
      kind: VirtualNode
      metadata: {name: blue, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: color}}
        listeners: [{portMapping: {port: 8080, protocol: http}}]
        serviceDiscovery: {dns: {hostname: blue.shop.svc.cluster.local}}
      status: {virtualNodeARN: "arn:aws:appmesh:us-west-2:111122223333:mesh/shop/virtualNode/blue_shop"}
      ---
      apiVersion: appmesh.k8s.aws/v1beta2
      kind: VirtualNode
      metadata: {name: red, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: color, version: red}}
        listeners: [{portMapping: {port: 8080, protocol: http}}]
        serviceDiscovery: {dns: {hostname: red.shop.svc.cluster.local}}
      ---
      apiVersion: appmesh.k8s.aws/v1beta2
      kind: VirtualNode
      metadata: {name: front, namespace: plain}
      spec:
        podSelector: {matchLabels: {app: front}}
        listeners: [{portMapping: {port: 8080, protocol: http}}]
        serviceDiscovery: {dns: {hostname: front.plain.svc.cluster.local}}
      ---
      apiVersion: appmesh.k8s.aws/v1beta2
      kind: VirtualNode
      metadata: {name: front, namespace: optin}
      spec:
        podSelector: {matchLabels: {app: front}}
        listeners: [{portMapping: {port: 8080, protocol: http}}]
        serviceDiscovery: {dns: {hostname: front.optin.svc.cluster.local}}
      ---
      apiVersion: appmesh.k8s.aws/v1beta2
      kind: VirtualGateway
      metadata: {name: ingress, namespace: shop}
      spec:
        podSelector: {matchLabels: {app: ingress}}
        listeners: [{portMapping: {port: 8088, protocol: http}}]
      """;

  static final String CA = "-----BEGIN CERTIFICATE-----\nMIIBmeshplanexdsca\n-----END CERTIFICATE-----\n";

  static ClusterView cluster() {
    List<KubernetesObject> objects = KubernetesYaml.parse("cluster.yaml", CLUSTER);
    Map<String, Map<String, String>> labels = new HashMap<>();
    List<KubernetesObject> appMesh = new ArrayList<>();
    for (KubernetesObject o : objects) {
      if (o.kind().equals("Namespace")) {
        labels.put(o.name(), o.labels());
      } else {
        appMesh.add(o);
      }
    }
    return new ClusterView() {
      @Override
      public List<KubernetesObject> appMeshObjects() {
        return appMesh;
      }

      @Override
      public Map<String, Map<String, String>> namespaceLabels() {
        return labels;
      }
    };
  }

  static final PodAdmission ADMISSION = new PodAdmission(new SidecarInjector(
      InjectorSettings.defaults("meshplane-xds.meshplane-system.svc:7081", "us-west-2", CA)), cluster());

  @Test
  void labelledNamespacePodGetsProxyInitEnvoyAndTheCaBundle() throws IOException {
    JsonNode pod = pod("shop", "{app: front}", "{}", "[{name: app, image: front:1}]");

    JsonNode injected = admitAndApply(pod, "shop");

    JsonNode init = injected.path("spec").path("initContainers").get(0);
    assertThat(init.path("name").asText()).isEqualTo("proxyinit");
    assertThat(init.path("securityContext").toString()).isEqualTo("{\"capabilities\":{\"add\":[\"NET_ADMIN\"]}}");
    assertThat(env(init)).containsEntry("APPMESH_IGNORE_UID", "1337").containsEntry("APPMESH_ENVOY_INGRESS_PORT", "15000")
        .containsEntry("APPMESH_ENVOY_EGRESS_PORT", "15001").containsEntry("APPMESH_APP_PORTS", "8080,9090")
        .containsEntry("APPMESH_EGRESS_IGNORED_IP", "169.254.169.254").containsEntry("APPMESH_EGRESS_IGNORED_PORTS", "22")
        .containsEntry("APPMESH_ENABLE_IPV6", "1");
    JsonNode envoy = injected.path("spec").path("containers").get(1);
    assertThat(injected.path("spec").path("containers").get(0).path("name").asText()).isEqualTo("app");
    assertThat(envoy.path("name").asText()).isEqualTo("envoy");
    assertThat(envoy.path("image").asText()).isEqualTo("public.ecr.aws/appmesh/aws-appmesh-envoy:v1.34.13.3-prod");
    assertThat(envoy.path("securityContext").path("runAsUser").asInt()).isEqualTo(1337);
    assertThat(env(envoy)).containsEntry("APPMESH_RESOURCE_ARN", "mesh/shop/virtualNode/front_shop")
        .containsEntry("APPMESH_XDS_ENDPOINT", "meshplane-xds.meshplane-system.svc:7081")
        .containsEntry("AWS_REGION", "us-west-2");
    assertThat(envoy.path("readinessProbe").path("exec").path("command").toString())
        .isEqualTo("[\"sh\",\"-c\",\"curl -s http://localhost:9901/server_info | grep state | grep -q LIVE\"]");
    // The xDS CA reaches the image's roots path through an emptyDir an init container fills.
    assertThat(envoy.path("volumeMounts").toString()).isEqualTo(
        "[{\"name\":\"meshplane-xds-ca\",\"mountPath\":\"/etc/pki/tls/cert.pem\",\"subPath\":\"ca.crt\",\"readOnly\":true}]");
    assertThat(injected.path("spec").path("volumes").toString()).isEqualTo("[{\"name\":\"meshplane-xds-ca\",\"emptyDir\":{}}]");
    JsonNode caWriter = injected.path("spec").path("initContainers").get(1);
    assertThat(caWriter.path("name").asText()).isEqualTo("meshplane-xds-ca");
    assertThat(env(caWriter)).containsEntry("MESHPLANE_XDS_CA", CA);
    assertThat(caWriter.path("command").get(2).asText()).isEqualTo("printf '%s' \"$MESHPLANE_XDS_CA\" > /ca/ca.crt");
    assertThat(caWriter.path("volumeMounts").get(0).path("mountPath").asText()).isEqualTo("/ca");
  }

  /** Rows: namespace, pod labels, pod annotations, expected outcome (patched resource name, "allowed" or the refusal). */
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      plain | {app: front}             | {}                                                       | allowed
      shop  | {app: front}             | {appmesh.k8s.aws/sidecarInjectorWebhook: disabled}       | allowed
      optin | {app: front}             | {}                                                       | allowed
      optin | {app: front}             | {appmesh.k8s.aws/sidecarInjectorWebhook: enabled}        | patched mesh/shop/virtualNode/front_optin
      shop  | {app: color}             | {}                                                       | patched arn:aws:appmesh:us-west-2:111122223333:mesh/shop/virtualNode/blue_shop
      shop  | {app: ingress}           | {}                                                       | patched mesh/shop/virtualGateway/ingress_shop
      shop  | {app: color, version: red} | {}                                                     | refused found multiple matching VirtualNodes for pod shop/p: shop/blue, shop/red
      shop  | {app: batch}             | {}                                                       | refused sidecar injection is enabled for pod shop/p but no VirtualNode or VirtualGateway podSelector in namespace shop matches its labels
      shop  | {app: batch}             | {appmesh.k8s.aws/virtualNode: front}                     | patched mesh/shop/virtualNode/front_shop
      shop  | {app: batch}             | {appmesh.k8s.aws/virtualNode: nope}                      | refused pod shop/p names VirtualNode nope in annotation appmesh.k8s.aws/virtualNode
      shop  | {app: front}             | {appmesh.k8s.aws/mesh: other}                            | refused pod shop/p names mesh other in annotation appmesh.k8s.aws/mesh, but VirtualNode front belongs to mesh shop
      shop  | {app: front}             | {appmesh.k8s.aws/sidecarEnv: "DD_ENV"}                   | refused malformed annotation appmesh.k8s.aws/sidecarEnv
      """)
  void decisionFollowsTheAwsInjectorConventions(String namespace, String labels, String annotations, String expected)
      throws IOException {
    JsonNode response = ADMISSION.review(review(pod(namespace, labels, annotations, "[{name: app, image: a:1}]"), namespace))
        .path("response");

    if (expected.equals("allowed")) {
      assertThat(response.path("allowed").asBoolean()).isTrue();
      assertThat(response.has("patch")).isFalse();
    } else if (expected.startsWith("patched ")) {
      assertThat(response.path("allowed").asBoolean()).isTrue();
      assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
      JsonNode injected = JsonPatch.apply(patch(response), pod(namespace, labels, annotations, "[{name: app, image: a:1}]"));
      assertThat(env(injected.path("spec").path("containers").get(1)))
          .containsEntry("APPMESH_RESOURCE_ARN", expected.substring("patched ".length()));
    } else {
      assertThat(response.path("allowed").asBoolean()).isFalse();
      assertThat(response.path("status").path("code").asInt()).isEqualTo(400);
      assertThat(response.path("status").path("message").asText()).startsWith(expected.substring("refused ".length()));
    }
  }

  @Test
  void existingInitContainersAndVolumesAreAppendedToAndAnnotationsTuneTheRedirect() throws IOException {
    ObjectNode pod = (ObjectNode) pod("shop", "{app: front}", """
        {appmesh.k8s.aws/egressIgnoredPorts: "22,3306", appmesh.k8s.aws/egressIgnoredIPs: "10.0.0.1",
         appmesh.k8s.aws/ports: "8080", appmesh.k8s.aws/ipv6: disabled,
         appmesh.k8s.aws/sidecarEnv: "DD_ENV=prod, APPMESH_XDS_ENDPOINT=elsewhere:1"}""",
        "[{name: app, image: a:1}]");
    ((ObjectNode) pod.path("spec")).set("initContainers", JSON.readTree("[{\"name\":\"migrate\",\"image\":\"m:1\"}]"));
    ((ObjectNode) pod.path("spec")).set("volumes", JSON.readTree("[{\"name\":\"data\",\"emptyDir\":{}}]"));

    JsonNode injected = admitAndApply(pod, "shop");

    assertThat(injected.path("spec").path("initContainers").get(0).path("name").asText()).isEqualTo("migrate");
    JsonNode init = injected.path("spec").path("initContainers").get(1);
    assertThat(env(init)).containsEntry("APPMESH_EGRESS_IGNORED_PORTS", "22,3306").containsEntry("APPMESH_EGRESS_IGNORED_IP", "10.0.0.1")
        .containsEntry("APPMESH_APP_PORTS", "8080").containsEntry("APPMESH_ENABLE_IPV6", "0");
    assertThat(injected.path("spec").path("volumes").get(0).path("name").asText()).isEqualTo("data");
    assertThat(injected.path("spec").path("volumes").get(1).path("name").asText()).isEqualTo("meshplane-xds-ca");
    // sidecarEnv adds variables but cannot redirect the sidecar elsewhere.
    assertThat(env(injected.path("spec").path("containers").get(1))).containsEntry("DD_ENV", "prod")
        .containsEntry("APPMESH_XDS_ENDPOINT", "meshplane-xds.meshplane-system.svc:7081");
  }

  @Test
  void gatewayPodKeepsItsEnvoyContainerWithTheImageAndEnvReplaced() throws IOException {
    JsonNode pod = pod("shop", "{app: ingress}", "{}",
        "[{name: envoy, image: my-envoy:1, ports: [{containerPort: 8088}], env: [{name: ENVOY_LOG_LEVEL, value: debug}, {name: MINE, value: x}]}]");

    JsonNode injected = admitAndApply(pod, "shop");

    assertThat(injected.path("spec").path("containers")).hasSize(1);
    JsonNode envoy = injected.path("spec").path("containers").get(0);
    assertThat(envoy.path("image").asText()).isEqualTo("public.ecr.aws/appmesh/aws-appmesh-envoy:v1.34.13.3-prod");
    assertThat(envoy.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8088);
    assertThat(env(envoy)).containsEntry("MINE", "x").containsEntry("ENVOY_LOG_LEVEL", "info")
        .containsEntry("APPMESH_RESOURCE_ARN", "mesh/shop/virtualGateway/ingress_shop");
    assertThat(injected.path("spec").path("initContainers")).hasSize(1);
    assertThat(injected.path("spec").path("initContainers").get(0).path("name").asText()).isEqualTo("meshplane-xds-ca");
    assertThat(envoy.path("volumeMounts").get(0).path("mountPath").asText()).isEqualTo("/etc/pki/tls/cert.pem");
  }

  static JsonNode admitAndApply(JsonNode pod, String namespace) throws IOException {
    JsonNode response = ADMISSION.review(review(pod, namespace)).path("response");
    assertThat(response.path("allowed").asBoolean()).as(response.toString()).isTrue();
    return JsonPatch.apply(patch(response), pod);
  }

  static JsonNode patch(JsonNode response) throws IOException {
    return JSON.readTree(new String(Base64.getDecoder().decode(response.path("patch").asText()), StandardCharsets.UTF_8));
  }

  static ObjectNode review(JsonNode pod, String namespace) {
    ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request").put("uid", "705ab4f5-6393-11e8-b7cc-42010a800002")
        .put("namespace", namespace).put("operation", "CREATE");
    request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
    request.set("object", pod);
    return review;
  }

  static JsonNode pod(String namespace, String labels, String annotations, String containers) throws IOException {
    return JSON.valueToTree(KubernetesYaml.parse("pod.yaml", """
        apiVersion: v1
        kind: Pod
        metadata: {name: p, labels: %s, annotations: %s}
        spec: {containers: %s}
        """.formatted(labels, annotations, containers)).get(0).object());
  }

  static Map<String, String> env(JsonNode container) {
    Map<String, String> env = new HashMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    return env;
  }
}
