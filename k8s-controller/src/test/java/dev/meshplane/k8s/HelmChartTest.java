package dev.meshplane.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.meshplane.manifests.k8s.KubernetesObject;
import dev.meshplane.manifests.k8s.KubernetesYaml;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart rendered by a real Helm (helm-java's native library) and each manifest checked
 * against the Kubernetes API model: every document must bind to fabric8's model classes (generated
 * from the Kubernetes OpenAPI of a current release) with the types they declare and no field the
 * model lacks. The CRDs bind likewise, and the walkthrough objects validate against the CRDs' own
 * openAPIV3Schema (networknt json-schema-validator).
 */
class HelmChartTest {

  private static final Path CHART = Path.of("../deploy/helm/meshplane");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIBxdsca\n-----END CERTIFICATE-----";

  @Test
  void chartLints() {
    LintResult lint = new Helm(CHART).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void allInOneRendersValidManifests() throws Exception {
    List<HasMetadata> objects = render(Map.of("tls.xds.ca", CA));

    assertThat(kinds(objects)).isEqualTo(List.of("ClusterRole", "ClusterRoleBinding", "ConfigMap", "ConfigMap", "Deployment",
        "MutatingWebhookConfiguration", "Secret", "Secret", "Service", "Service", "Service", "Service", "ServiceAccount",
        "StatefulSet"));
    JsonNode server = find(objects, "StatefulSet", "mp-meshplane");
    JsonNode container = server.at("/spec/template/spec/containers/0");
    assertThat(container.path("args").toString()).contains("\"server\"", "\"--data-dir=/data\"", "\"--xds-allow-unauthenticated=false\"");
    assertThat(container.at("/readinessProbe/httpGet").toString()).isEqualTo("{\"path\":\"/ready\",\"port\":\"api\",\"scheme\":\"HTTP\"}");
    assertThat(server.at("/spec/template/metadata/annotations/prometheus.io~1port").asText()).isEqualTo("7080");
    assertThat(server.at("/spec/volumeClaimTemplates/0/spec/resources/requests/storage").asText()).isEqualTo("5Gi");
    assertThat(server.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
    JsonNode controller = find(objects, "Deployment", "mp-meshplane-controller");
    assertThat(controller.at("/spec/template/spec/containers/0/args").toString()).contains(
        "--appmesh-endpoint=http://mp-meshplane-api.mesh-system.svc:7080",
        "--xds-endpoint=mp-meshplane-xds.mesh-system.svc:7081", "--xds-ca-file=/etc/meshplane/xds-ca/ca.crt");
    JsonNode role = find(objects, "ClusterRole", "mp-meshplane-controller");
    assertThat(role.path("rules").toString()).doesNotContain("\"*\"", "secrets", "create", "delete");
    assertThat(find(objects, "ConfigMap", "mp-meshplane-grafana-dashboard").at("/data/meshplane-dashboard.json").asText())
        .isEqualTo(Files.readString(Path.of("../deploy/grafana/meshplane-dashboard.json")).strip());
  }

  @Test
  void webhookCertificateIsSignedByTheCaBundleForTheWebhookService() throws Exception {
    List<HasMetadata> objects = render(Map.of());
    JsonNode webhook = find(objects, "MutatingWebhookConfiguration", "mp-meshplane-sidecar-injector").at("/webhooks/0");
    assertThat(webhook.at("/namespaceSelector/matchExpressions/0/values").toString()).isEqualTo("[\"enabled\",\"disabled\"]");
    assertThat(webhook.at("/clientConfig/service/path").asText()).isEqualTo("/mutate-v1-pod");
    X509Certificate ca = certificate(webhook.at("/clientConfig/caBundle").asText());
    X509Certificate served = certificate(find(objects, "Secret", "mp-meshplane-webhook-tls").at("/data/tls.crt").asText());
    served.verify(ca.getPublicKey());
    assertThat(served.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList())
        .contains("mp-meshplane-webhook.mesh-system.svc");
  }

  @Test
  void splitTopologyRendersDeploymentsWithBudgetsProbesAndAServiceMonitor() throws Exception {
    List<HasMetadata> objects = render(Map.of("topology", "split", "split.postgres.url", "jdbc:postgresql://pg:5432/meshplane",
        "metrics.serviceMonitor.enabled", "true", "iam.file", "{\"principals\": []}"));

    assertThat(objects.stream().filter(o -> o.getKind().equals("Deployment")).map(o -> o.getMetadata().getName()).sorted())
        .containsExactly("mp-meshplane-controller", "mp-meshplane-envoy-management", "mp-meshplane-frontend", "mp-meshplane-transformer");
    assertThat(objects.stream().filter(o -> o.getKind().equals("PodDisruptionBudget")).count()).isEqualTo(3);
    assertThat(objects.stream().noneMatch(o -> o.getKind().equals("StatefulSet"))).isTrue();
    JsonNode transformer = find(objects, "Deployment", "mp-meshplane-transformer").at("/spec/template/spec/containers/0");
    assertThat(transformer.at("/readinessProbe/httpGet").toString()).isEqualTo("{\"path\":\"/ready\",\"port\":\"metrics\",\"scheme\":\"HTTP\"}");
    assertThat(transformer.at("/ports/0/containerPort").asInt()).isEqualTo(7082);
    JsonNode management = find(objects, "Deployment", "mp-meshplane-envoy-management").at("/spec/template/spec/containers/0");
    assertThat(management.at("/ports/0/containerPort").asInt()).isEqualTo(7083);
    assertThat(management.path("env").toString()).contains("MESHPLANE_IAM_FILE").doesNotContain("MESHPLANE_ADMIN_ACCESS_KEY_ID");
    assertThat(find(objects, "Deployment", "mp-meshplane-frontend").at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(find(objects, "Service", "mp-meshplane-xds").at("/spec/selector/app.kubernetes.io~1component").asText())
        .isEqualTo("envoy-management");
    assertThat(find(objects, "ServiceMonitor", "mp-meshplane").at("/spec/endpoints").size()).isEqualTo(2);
  }

  @Test
  void theModelCheckRejectsUnknownFieldsAndWrongTypes() {
    assertThatThrownBy(() -> strictly("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {portz: []}\n",
        HasMetadata.class)).hasMessageContaining(".Spec.portz");
    assertThatThrownBy(() -> strictly("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: two}\n",
        HasMetadata.class)).hasStackTraceContaining("replicas");
  }

  @Test
  void splitTopologyWithoutPostgresIsRefusedWithTheReason() {
    assertThatThrownBy(() -> template(Map.of("topology", "split")))
        .hasMessageContaining("topology: split needs split.postgres.url");
  }

  @Test
  void crdsBindToTheApiExtensionsModelAndWalkthroughObjectsValidateAgainstThem() throws Exception {
    List<Path> files;
    try (Stream<Path> list = Files.list(CHART.resolve("crds"))) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSize(7);
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    Map<String, JsonSchema> schemaByKind = new java.util.HashMap<>();
    for (Path file : files) {
      String yaml = Files.readString(file);
      CustomResourceDefinition crd = strictly(yaml, CustomResourceDefinition.class);
      JsonNode schema = YAML.valueToTree(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
      schemaByKind.put(crd.getSpec().getNames().getKind(), factory.getSchema(schema));
    }
    Path walkthroughs = Path.of("../manifests/src/test/resources/k8s/walkthroughs");
    List<String> problems = new ArrayList<>();
    int validated = 0;
    try (Stream<Path> list = Files.list(walkthroughs)) {
      for (Path file : list.filter(p -> p.toString().endsWith(".template")).toList()) {
        String text = Files.readString(file).replaceAll("\\$\\{[A-Z_]+}", "x");
        for (KubernetesObject object : KubernetesYaml.parse(file.getFileName().toString(), text)) {
          JsonSchema schema = schemaByKind.get(object.kind());
          if (schema != null && object.apiVersion().startsWith("appmesh.k8s.aws/")) {
            validated++;
            Set<ValidationMessage> errors = schema.validate(object.object());
            errors.forEach(e -> problems.add(object.origin("default") + ": " + e.getMessage()));
          }
        }
      }
    }
    assertThat(validated).isGreaterThan(30);
    assertThat(problems).isEmpty();
    // The schema does reject what the AWS CRD forbids.
    JsonNode badPort = YAML.readTree("""
        {apiVersion: appmesh.k8s.aws/v1beta2, kind: VirtualNode, metadata: {name: n},
         spec: {listeners: [{portMapping: {port: 0, protocol: carrier-pigeon}}]}}""");
    assertThat(schemaByKind.get("VirtualNode").validate(badPort).stream().map(ValidationMessage::getMessage).toList())
        .anyMatch(m -> m.contains("port")).anyMatch(m -> m.contains("protocol"));
  }

  private static List<HasMetadata> render(Map<String, String> values) throws Exception {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : template(values).split("(?m)^---\\s*$")) {
      JsonNode node = YAML.readTree(document);
      if (node == null || node.isNull() || node.isMissingNode() || node.isEmpty()) {
        continue;
      }
      objects.add(strictly(document, HasMetadata.class));
    }
    objects.sort(java.util.Comparator.comparing((HasMetadata o) -> o.getKind()).thenComparing(o -> o.getMetadata().getName()));
    return objects;
  }

  private static String template(Map<String, String> values) {
    TemplateCommand template = new Helm(CHART).template().withName("mp").withNamespace("mesh-system");
    values.forEach(template::set);
    return template.call();
  }

  /**
   * Binds YAML to fabric8's Kubernetes model, failing on a wrong type (Jackson) and on any field
   * the model does not know (the models keep those as additionalProperties, checked here).
   */
  static <T> T strictly(String yaml, Class<T> type) throws Exception {
    T object = Serialization.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), type);
    assertThat(object).as("a Kubernetes object").isNotNull();
    if (!(object instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource)) {
      List<String> unknown = new ArrayList<>();
      unknownFields(object, "", unknown);
      assertThat(unknown).as("fields the Kubernetes API does not have in %s", type.getSimpleName()).isEmpty();
    }
    return object;
  }

  private static void unknownFields(Object value, String path, List<String> unknown) throws Exception {
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        unknownFields(item, path + "[" + i++ + "]", unknown);
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        unknownFields(e.getValue(), path + "." + e.getKey(), unknown);
      }
    } else if (value instanceof KubernetesResource resource) {
      for (Method getter : resource.getClass().getMethods()) {
        if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
          continue;
        }
        Object child = getter.invoke(resource);
        // JSONSchemaProps has a getAdditionalProperties of its own (the schema keyword), not a Map.
        if (getter.getName().equals("getAdditionalProperties") && Map.class.isAssignableFrom(getter.getReturnType())) {
          if (child != null) {
            ((Map<?, ?>) child).keySet().forEach(k -> unknown.add(path + "." + k));
          }
        } else if (child != null && !(child instanceof String) && !(child instanceof Number) && !(child instanceof Boolean)) {
          unknownFields(child, path + "." + getter.getName().substring(3), unknown);
        }
      }
    }
  }

  private static List<String> kinds(List<HasMetadata> objects) {
    return objects.stream().map(HasMetadata::getKind).collect(Collectors.toList());
  }

  private static JsonNode find(List<HasMetadata> objects, String kind, String name) {
    return YAML.valueToTree(objects.stream()
        .filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name)));
  }

  private static X509Certificate certificate(String base64Pem) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64Pem)));
  }
}
