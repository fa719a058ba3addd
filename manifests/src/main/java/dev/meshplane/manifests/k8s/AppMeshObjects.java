package dev.meshplane.manifests.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code appmesh.k8s.aws} objects and namespaces of one translation, indexed, with the App Mesh
 * controller's rules for what an object belongs to: its App Mesh name ({@code awsName}, else
 * {@code <name>_<namespace>}, a mesh's own name), its mesh ({@code meshRef}, else the one mesh whose
 * {@code namespaceSelector} selects the object's namespace) and a gateway route's virtual gateway.
 */
final class AppMeshObjects {

  /** Kubernetes sets this label on every namespace; selectors may use it. */
  static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  private final String defaultNamespace;
  private final Map<String, List<KubernetesObject>> byKind = new HashMap<>();
  private final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();

  AppMeshObjects(
      List<KubernetesObject> objects, Map<String, Map<String, String>> namespaceLabels, String defaultNamespace) {
    this.defaultNamespace = defaultNamespace;
    namespaceLabels.forEach((name, labels) -> this.namespaceLabels.put(name, new LinkedHashMap<>(labels)));
    for (KubernetesObject object : objects) {
      if (object.kind().equals("Namespace") && object.apiVersion().equals("v1")) {
        this.namespaceLabels.computeIfAbsent(object.name(), n -> new LinkedHashMap<>()).putAll(object.labels());
      } else if (object.apiVersion().equals(AppMeshManifestReader.API_VERSION)) {
        byKind.computeIfAbsent(object.kind(), k -> new ArrayList<>()).add(object);
      }
    }
  }

  String defaultNamespace() {
    return defaultNamespace;
  }

  List<KubernetesObject> all(String kind) {
    return byKind.getOrDefault(kind, List.of());
  }

  Optional<KubernetesObject> find(String kind, String namespace, String name) {
    return all(kind).stream()
        .filter(o -> o.name().equals(name) && (kind.equals("Mesh") || o.namespace(defaultNamespace).equals(namespace)))
        .findFirst();
  }

  Map<String, String> namespaceLabels(String namespace) {
    Map<String, String> labels = new HashMap<>(namespaceLabels.getOrDefault(namespace, Map.of()));
    labels.putIfAbsent(NAMESPACE_NAME_LABEL, namespace);
    return labels;
  }

  /** The App Mesh name: {@code spec.awsName}, else the mesh's name or {@code <name>_<namespace>}. */
  String awsName(KubernetesObject object) {
    String awsName = object.spec().path("awsName").asText("");
    if (!awsName.isEmpty()) {
      return awsName;
    }
    return object.kind().equals("Mesh") ? object.name() : object.name() + "_" + object.namespace(defaultNamespace);
  }

  /** The Mesh object {@code object} belongs to. */
  KubernetesObject meshOf(KubernetesObject object) {
    JsonNode meshRef = object.spec().path("meshRef");
    if (!meshRef.isMissingNode() && !meshRef.isNull()) {
      String name = meshRef.path("name").asText("");
      KubernetesObject mesh = find("Mesh", "", name).orElseThrow(() -> new TranslationError(
          "spec.meshRef", "no Mesh named " + name + " (declare it, or drop meshRef to select the mesh by namespace)"));
      String uid = meshRef.path("uid").asText("");
      if (!uid.isEmpty() && !mesh.uid().isEmpty() && !uid.equals(mesh.uid())) {
        throw new TranslationError("spec.meshRef", "Mesh " + name + " has uid " + mesh.uid() + ", not " + uid
            + " (the mesh was recreated; recreate this object to join it)");
      }
      return mesh;
    }
    String namespace = object.namespace(defaultNamespace);
    Map<String, String> labels = namespaceLabels(namespace);
    List<KubernetesObject> candidates = all("Mesh").stream()
        .filter(mesh -> selects(mesh, "namespaceSelector", labels, false))
        .toList();
    if (candidates.size() != 1) {
      throw new TranslationError("metadata.namespace", (candidates.isEmpty()
          ? "no Mesh selects namespace " + namespace
          : "meshes " + names(candidates) + " all select namespace " + namespace)
          + " (labels " + labels + "); expecting exactly one Mesh whose spec.namespaceSelector matches, or set spec.meshRef");
    }
    return candidates.get(0);
  }

  /** The VirtualGateway object a GatewayRoute belongs to. */
  KubernetesObject virtualGatewayOf(KubernetesObject gatewayRoute) {
    JsonNode ref = gatewayRoute.spec().path("virtualGatewayRef");
    if (!ref.isMissingNode() && !ref.isNull()) {
      String namespace = ref.path("namespace").asText(gatewayRoute.namespace(defaultNamespace));
      String name = ref.path("name").asText("");
      return find("VirtualGateway", namespace, name).orElseThrow(() -> new TranslationError(
          "spec.virtualGatewayRef", "no VirtualGateway " + namespace + "/" + name));
    }
    Map<String, String> nsLabels = namespaceLabels(gatewayRoute.namespace(defaultNamespace));
    Map<String, String> routeLabels = gatewayRoute.labels();
    List<KubernetesObject> candidates = all("VirtualGateway").stream()
        .filter(gateway -> selects(gateway, "namespaceSelector", nsLabels, false)
            && selects(gateway, "gatewayRouteSelector", routeLabels, true))
        .toList();
    if (candidates.size() != 1) {
      throw new TranslationError("metadata", (candidates.isEmpty()
          ? "no VirtualGateway selects this GatewayRoute"
          : "VirtualGateways " + names(candidates) + " all select this GatewayRoute")
          + "; expecting exactly one whose spec.namespaceSelector matches the namespace labels " + nsLabels
          + " and spec.gatewayRouteSelector (absent: any) the route labels " + routeLabels
          + ", or set spec.virtualGatewayRef");
    }
    return candidates.get(0);
  }

  private static boolean selects(KubernetesObject owner, String field, Map<String, String> labels, boolean absent) {
    try {
      return LabelSelector.matches(owner.spec().get(field), labels, absent);
    } catch (IllegalArgumentException e) {
      throw new TranslationError("spec." + field, owner.kind() + " " + owner.name() + ": " + e.getMessage());
    }
  }

  private String names(List<KubernetesObject> objects) {
    return objects.stream()
        .map(o -> o.kind().equals("Mesh") ? o.name() : o.namespace(defaultNamespace) + "/" + o.name())
        .sorted(Comparator.naturalOrder())
        .collect(Collectors.joining(", "));
  }
}
