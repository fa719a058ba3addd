package dev.meshplane.k8s.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.manifests.DeclaredResource;
import dev.meshplane.manifests.k8s.AppMeshManifestReader;
import dev.meshplane.manifests.k8s.AppMeshManifestReader.Translation;
import dev.meshplane.manifests.k8s.KubernetesObject;
import dev.meshplane.manifests.k8s.LabelSelector;
import dev.meshplane.manifests.k8s.ManifestError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decides, as the AWS App Mesh controller's injector does, whether a new pod gets the Envoy
 * sidecar, and builds the JSON patch: the namespace label {@code appmesh.k8s.aws/sidecarInjectorWebhook}
 * ({@code enabled}/{@code disabled}, overridden by the pod annotation of the same name), the one
 * VirtualNode or VirtualGateway whose {@code podSelector} matches the pod's labels, the {@code
 * proxyinit} init container redirecting traffic through Envoy, and the Envoy container pointed at
 * Meshplane's xDS service and trusting its certificate.
 */
public final class SidecarInjector {

  public static final String INJECT = "appmesh.k8s.aws/sidecarInjectorWebhook";
  static final String VIRTUAL_NODE = "appmesh.k8s.aws/virtualNode";
  static final String MESH = "appmesh.k8s.aws/mesh";
  static final String SIDECAR_ENV = "appmesh.k8s.aws/sidecarEnv";
  static final String PORTS = "appmesh.k8s.aws/ports";
  static final String EGRESS_IGNORED_IPS = "appmesh.k8s.aws/egressIgnoredIPs";
  static final String EGRESS_IGNORED_PORTS = "appmesh.k8s.aws/egressIgnoredPorts";
  static final String IPV6 = "appmesh.k8s.aws/ipv6";
  static final String SKIP_GATEWAY_IMAGE = "appmesh.k8s.aws/virtualGatewaySkipImageOverride";
  static final String CA_VOLUME = "meshplane-xds-ca";
  static final String CA_FILE = "ca.crt";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final InjectorSettings settings;
  private final AppMeshManifestReader reader = new AppMeshManifestReader();

  public SidecarInjector(InjectorSettings settings) {
    this.settings = settings;
  }

  /** The decision for {@code pod} created in {@code namespace} (the AdmissionReview's; a new pod may name none). */
  public Injection decide(JsonNode pod, String namespace, ClusterView cluster) {
    Map<String, String> namespaceLabels = cluster.namespaceLabels().getOrDefault(namespace, Map.of());
    Map<String, String> annotations = stringMap(pod.path("metadata").path("annotations"));
    if (!namespaceLabels.containsKey(INJECT)) {
      // The webhook's namespaceSelector keeps such pods from the AWS injector altogether.
      return new Injection.Unchanged("namespace " + namespace + " has no " + INJECT + " label");
    }
    String mode = annotations.getOrDefault(INJECT, namespaceLabels.get(INJECT)).toLowerCase(Locale.ROOT);
    if (mode.equals("disabled")) {
      return new Injection.Unchanged("injection disabled");
    }
    String podName = podName(pod, namespace);
    Map<String, String> podLabels = stringMap(pod.path("metadata").path("labels"));
    List<KubernetesObject> objects = cluster.appMeshObjects();
    List<KubernetesObject> nodes = candidates(objects, "VirtualNode", namespace, podLabels, annotations.get(VIRTUAL_NODE));
    List<KubernetesObject> gateways = candidates(objects, "VirtualGateway", namespace, podLabels, null);
    if (annotations.containsKey(VIRTUAL_NODE) && nodes.isEmpty()) {
      return new Injection.Refused("pod " + podName + " names VirtualNode " + annotations.get(VIRTUAL_NODE)
          + " in annotation " + VIRTUAL_NODE + ", but namespace " + namespace + " has no VirtualNode of that name");
    }
    if (nodes.size() > 1 || gateways.size() > 1) {
      boolean node = nodes.size() > 1;
      return new Injection.Refused("found multiple matching " + (node ? "VirtualNodes" : "VirtualGateways") + " for pod "
          + podName + ": " + names(node ? nodes : gateways) + "; their podSelectors must not overlap (labels " + podLabels + ")");
    }
    if (!nodes.isEmpty() && !gateways.isEmpty()) {
      return new Injection.Refused("sidecar injection enabled for both VirtualNode " + nodes.get(0).name()
          + " and VirtualGateway " + gateways.get(0).name() + " on pod " + podName + "; use podSelector on one");
    }
    if (nodes.isEmpty() && gateways.isEmpty()) {
      return mode.equals("enabled")
          ? new Injection.Refused("sidecar injection is enabled for pod " + podName + " but no VirtualNode or VirtualGateway"
              + " podSelector in namespace " + namespace + " matches its labels " + podLabels
              + "; add one, or annotate the pod " + INJECT + ": disabled")
          : new Injection.Unchanged("no VirtualNode or VirtualGateway selects the pod");
    }
    KubernetesObject owner = nodes.isEmpty() ? gateways.get(0) : nodes.get(0);
    Translation translation = reader.translate(objects, cluster.namespaceLabels()).stream()
        .filter(t -> t.source().kind().equals(owner.kind()) && t.source().name().equals(owner.name())
            && t.source().namespace("default").equals(namespace))
        .findFirst().orElseThrow();
    if (!translation.ok()) {
      return new Injection.Refused(owner.kind() + " " + namespace + "/" + owner.name() + " selects pod " + podName
          + " but is invalid: " + translation.errors().stream().map(ManifestError::toString).collect(Collectors.joining("; ")));
    }
    DeclaredResource resource = translation.resources().get(0);
    if (annotations.containsKey(MESH) && !annotations.get(MESH).equals(resource.meshName())) {
      return new Injection.Refused("pod " + podName + " names mesh " + annotations.get(MESH) + " in annotation " + MESH
          + ", but " + owner.kind() + " " + owner.name() + " belongs to mesh " + resource.meshName());
    }
    Optional<Map<String, String>> customEnv = customEnv(annotations);
    if (customEnv.isEmpty()) {
      return new Injection.Refused("malformed annotation " + SIDECAR_ENV + " on pod " + podName
          + ": expected KEY=VALUE pairs separated by commas, e.g. \"DD_ENV=prod, TEAM=shop\"");
    }
    String resourceName = resourceName(owner, resource);
    ArrayNode patch = NODES.arrayNode();
    if (owner.kind().equals("VirtualNode")) {
      if (findContainer(pod, "envoy") >= 0) {
        return new Injection.Unchanged("pod already has an envoy container");
      }
      addTo(patch, nonEmpty(pod.path("spec").path("initContainers")), "/spec/initContainers", proxyInit(resource, annotations));
      addCaWriter(patch, pod, 1);
      addTo(patch, nonEmpty(pod.path("spec").path("containers")), "/spec/containers", envoy(resourceName, customEnv.get()));
    } else {
      gatewayEnvoy(patch, pod, resourceName, customEnv.get(), annotations);
      addCaWriter(patch, pod, 0);
    }
    if (settings.caBundle() != null) {
      ObjectNode volume = NODES.objectNode().put("name", CA_VOLUME);
      volume.putObject("emptyDir");
      addTo(patch, nonEmpty(pod.path("spec").path("volumes")), "/spec/volumes", volume);
    }
    return new Injection.Patched(patch, resourceName);
  }

  private static List<KubernetesObject> candidates(List<KubernetesObject> objects, String kind, String namespace,
      Map<String, String> podLabels, String namedByAnnotation) {
    return objects.stream()
        .filter(o -> o.kind().equals(kind) && o.namespace("default").equals(namespace))
        .filter(o -> namedByAnnotation != null
            ? o.name().equals(namedByAnnotation)
            : LabelSelector.matches(o.spec().get("podSelector"), podLabels, false))
        .toList();
  }

  /** The status ARN the controller wrote, else {@code mesh/<mesh>[@<owner>]/<kind>/<name>} as the AWS injector sets it. */
  private static String resourceName(KubernetesObject owner, DeclaredResource resource) {
    String arnField = owner.kind().equals("VirtualNode") ? "virtualNodeARN" : "virtualGatewayARN";
    String arn = owner.object().path("status").path(arnField).asText("");
    if (!arn.isEmpty()) {
      return arn;
    }
    String mesh = resource.meshOwner() == null ? resource.meshName() : resource.meshName() + "@" + resource.meshOwner();
    return "mesh/" + mesh + "/" + resource.kind().arnSegment() + "/" + resource.name();
  }

  private ObjectNode proxyInit(DeclaredResource node, Map<String, String> annotations) {
    String appPorts = annotations.getOrDefault(PORTS, listenerPorts(node.spec()));
    ObjectNode container = NODES.objectNode().put("name", "proxyinit").put("image", settings.initImage());
    container.putObject("securityContext").putObject("capabilities").putArray("add").add("NET_ADMIN");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("APPMESH_START_ENABLED", "1");
    env.put("APPMESH_IGNORE_UID", String.valueOf(InjectorSettings.PROXY_UID));
    env.put("APPMESH_ENVOY_INGRESS_PORT", String.valueOf(InjectorSettings.PROXY_INGRESS_PORT));
    env.put("APPMESH_ENVOY_EGRESS_PORT", String.valueOf(InjectorSettings.PROXY_EGRESS_PORT));
    env.put("APPMESH_APP_PORTS", appPorts);
    env.put("APPMESH_EGRESS_IGNORED_IP", annotations.getOrDefault(EGRESS_IGNORED_IPS, settings.egressIgnoredIps()));
    env.put("APPMESH_EGRESS_IGNORED_PORTS", annotations.getOrDefault(EGRESS_IGNORED_PORTS, "22"));
    env.put("APPMESH_ENABLE_IPV6", "disabled".equals(annotations.get(IPV6)) ? "0" : "1");
    container.set("env", envArray(env));
    requests(container);
    return container;
  }

  private ObjectNode envoy(String resourceName, Map<String, String> customEnv) {
    ObjectNode container = NODES.objectNode().put("name", "envoy").put("image", settings.envoyImage());
    container.putObject("securityContext").put("runAsUser", InjectorSettings.PROXY_UID);
    container.putArray("ports").addObject()
        .put("name", "stats").put("containerPort", InjectorSettings.ADMIN_PORT).put("protocol", "TCP");
    ArrayNode env = envArray(envoyEnv(resourceName, customEnv));
    env.addObject().put("name", "APPMESH_PLATFORM_K8S_POD_UID")
        .putObject("valueFrom").putObject("fieldRef").put("fieldPath", "metadata.uid");
    container.set("env", env);
    ObjectNode probe = container.putObject("readinessProbe");
    probe.putObject("exec").putArray("command").add("sh").add("-c")
        .add("curl -s http://localhost:" + InjectorSettings.ADMIN_PORT + "/server_info | grep state | grep -q LIVE");
    probe.put("initialDelaySeconds", 1).put("timeoutSeconds", 1).put("periodSeconds", 10)
        .put("successThreshold", 1).put("failureThreshold", 3);
    container.putObject("lifecycle").putObject("preStop").putObject("exec").putArray("command")
        .add("sh").add("-c").add("sleep 20");
    requests(container);
    if (settings.caBundle() != null) {
      container.putArray("volumeMounts").add(caMount());
    }
    return container;
  }

  /** A gateway's pod brings its own envoy container (AWS overrides its image and adds the env); else one is added. */
  private void gatewayEnvoy(ArrayNode patch, JsonNode pod, String resourceName, Map<String, String> customEnv,
      Map<String, String> annotations) {
    int index = findContainer(pod, "envoy");
    if (index < 0) {
      addTo(patch, nonEmpty(pod.path("spec").path("containers")), "/spec/containers", envoy(resourceName, customEnv));
      return;
    }
    String path = "/spec/containers/" + index;
    JsonNode container = pod.path("spec").path("containers").get(index);
    if (!"enabled".equalsIgnoreCase(annotations.get(SKIP_GATEWAY_IMAGE))) {
      patch.addObject().put("op", "add").put("path", path + "/image").put("value", settings.envoyImage());
    }
    Map<String, String> env = envoyEnv(resourceName, customEnv);
    List<JsonNode> kept = new ArrayList<>();
    container.path("env").forEach(e -> {
      if (!env.containsKey(e.path("name").asText())) {
        kept.add(e);
      }
    });
    ArrayNode merged = NODES.arrayNode().addAll(kept).addAll(envArray(env));
    patch.addObject().put("op", "add").put("path", path + "/env").set("value", merged);
    if (settings.caBundle() != null) {
      addTo(patch, nonEmpty(container.path("volumeMounts")), path + "/volumeMounts", caMount());
    }
  }

  private Map<String, String> envoyEnv(String resourceName, Map<String, String> customEnv) {
    // Pod annotations may add variables but never override the ones the injector manages.
    Map<String, String> env = new LinkedHashMap<>(new TreeMap<>(customEnv));
    env.put("APPMESH_RESOURCE_ARN", resourceName);
    env.put("APPMESH_VIRTUAL_NODE_NAME", resourceName);
    env.put("APPMESH_XDS_ENDPOINT", settings.xdsEndpoint());
    env.put("AWS_REGION", settings.region());
    env.put("ENVOY_LOG_LEVEL", settings.logLevel());
    env.put("ENVOY_ADMIN_ACCESS_PORT", String.valueOf(InjectorSettings.ADMIN_PORT));
    env.put("ENVOY_ADMIN_ACCESS_LOG_FILE", "/tmp/envoy_admin_access.log");
    env.put("APPNET_AGENT_ADMIN_UDS_PATH", "/tmp/agent.sock");
    return env;
  }

  private ObjectNode caMount() {
    return NODES.objectNode().put("name", CA_VOLUME).put("mountPath", InjectorSettings.ROOTS_PATH)
        .put("subPath", CA_FILE).put("readOnly", true);
  }

  /**
   * An init container (the Envoy image, which has a shell) writing the xDS CA bundle into the
   * emptyDir that Envoy mounts at the image's roots path; {@code added} init containers of this
   * patch come before it.
   */
  private void addCaWriter(ArrayNode patch, JsonNode pod, int added) {
    if (settings.caBundle() == null) {
      return;
    }
    ObjectNode writer = NODES.objectNode().put("name", CA_VOLUME).put("image", settings.envoyImage());
    writer.putArray("command").add("sh").add("-c").add("printf '%s' \"$MESHPLANE_XDS_CA\" > /ca/" + CA_FILE);
    writer.set("env", envArray(Map.of("MESHPLANE_XDS_CA", settings.caBundle())));
    writer.putObject("securityContext").put("runAsUser", InjectorSettings.PROXY_UID);
    writer.putArray("volumeMounts").addObject().put("name", CA_VOLUME).put("mountPath", "/ca");
    requests(writer);
    addTo(patch, nonEmpty(pod.path("spec").path("initContainers")) || added > 0, "/spec/initContainers", writer);
  }

  private static void requests(ObjectNode container) {
    container.putObject("resources").putObject("requests").put("cpu", "10m").put("memory", "32Mi");
  }

  private static String listenerPorts(JsonNode spec) {
    List<String> ports = new ArrayList<>();
    spec.path("listeners").forEach(l -> ports.add(l.path("portMapping").path("port").asText()));
    return String.join(",", ports);
  }

  /** Appends {@code value} to the array at {@code path}, creating the array when there is none yet. */
  private static void addTo(ArrayNode patch, boolean arrayExists, String path, JsonNode value) {
    ObjectNode op = patch.addObject().put("op", "add");
    if (arrayExists) {
      op.put("path", path + "/-").set("value", value);
    } else {
      op.put("path", path).set("value", NODES.arrayNode().add(value));
    }
  }

  private static boolean nonEmpty(JsonNode array) {
    return array.isArray() && !array.isEmpty();
  }

  private static int findContainer(JsonNode pod, String name) {
    JsonNode containers = pod.path("spec").path("containers");
    for (int i = 0; i < containers.size(); i++) {
      if (containers.get(i).path("name").asText().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code appmesh.k8s.aws/sidecarEnv}: {@code "K=V, K2=V2"}; empty when malformed. */
  private static Optional<Map<String, String>> customEnv(Map<String, String> annotations) {
    Map<String, String> env = new HashMap<>();
    String value = annotations.get(SIDECAR_ENV);
    if (value == null) {
      return Optional.of(env);
    }
    for (String segment : value.split(",")) {
      String[] pair = segment.split("=");
      if (pair.length != 2 || pair[0].isBlank()) {
        return Optional.empty();
      }
      env.put(pair[0].trim(), pair[1].trim());
    }
    return Optional.of(env);
  }

  private static ArrayNode envArray(Map<String, String> env) {
    ArrayNode array = NODES.arrayNode();
    env.forEach((name, value) -> array.addObject().put("name", name).put("value", value));
    return array;
  }

  private static Map<String, String> stringMap(JsonNode object) {
    Map<String, String> map = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      map.put(field.getKey(), field.getValue().asText());
    }
    return map;
  }

  private static String podName(JsonNode pod, String namespace) {
    String name = pod.path("metadata").path("name").asText("");
    return namespace + "/" + (name.isEmpty() ? pod.path("metadata").path("generateName").asText("") + "*" : name);
  }

  private static String names(List<KubernetesObject> objects) {
    return objects.stream().map(o -> o.namespace("default") + "/" + o.name()).sorted().collect(Collectors.joining(", "));
  }
}
