package dev.meshplane.manifests.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.manifests.DeclaredResource;
import dev.meshplane.model.ResourceKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the App Mesh controller's {@code appmesh.k8s.aws/v1beta2} objects (Mesh, VirtualNode,
 * VirtualService, VirtualRouter with its routes, VirtualGateway, GatewayRoute, BackendGroup) as the
 * App Mesh resources that controller would create, with its rules: App Mesh names from {@code
 * awsName} or {@code <name>_<namespace>}; the mesh from {@code meshRef} or the one Mesh whose {@code
 * namespaceSelector} selects the namespace; references by name or ARN; backend groups expanded into
 * the virtual node's backends.
 *
 * <p>Objects of other API groups (Deployments, Services, ...) are ignored; Namespace objects supply
 * the labels the mesh selectors match. References resolve only among the objects given, so pass
 * every object of the cluster (the controller) or of the manifest (apply).
 */
public final class AppMeshManifestReader {

  public static final String API_VERSION = "appmesh.k8s.aws/v1beta2";

  /** The kinds read, in the order their resources must be created (dependencies first). */
  public static final List<String> KINDS = List.of(
      "Mesh", "VirtualGateway", "VirtualNode", "VirtualRouter", "VirtualService", "GatewayRoute", "BackendGroup");

  private static final Set<String> KUBERNETES_ONLY = Set.of(
      "awsName", "meshRef", "podSelector", "namespaceSelector", "gatewayRouteSelector", "virtualGatewayRef",
      "backendGroups", "meshOwner");

  /** One object's App Mesh resources (a VirtualRouter gives the router and its routes), or why it has none. */
  public record Translation(KubernetesObject source, List<DeclaredResource> resources, List<ManifestError> errors) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  private final String defaultNamespace;

  public AppMeshManifestReader() {
    this("default");
  }

  /** @param defaultNamespace the namespace of objects that name none (kubectl's current namespace) */
  public AppMeshManifestReader(String defaultNamespace) {
    this.defaultNamespace = defaultNamespace;
  }

  /**
   * All App Mesh resources the objects declare, dependencies first.
   *
   * @param namespaceLabels labels of namespaces not among {@code objects} (name to labels)
   * @throws ManifestException naming every object that cannot be translated, and why
   */
  public List<DeclaredResource> read(List<KubernetesObject> objects, Map<String, Map<String, String>> namespaceLabels) {
    List<DeclaredResource> resources = new ArrayList<>();
    List<ManifestError> errors = new ArrayList<>();
    for (Translation translation : translate(objects, namespaceLabels)) {
      resources.addAll(translation.resources());
      errors.addAll(translation.errors());
    }
    if (!errors.isEmpty()) {
      throw new ManifestException(errors);
    }
    return resources;
  }

  /** Translates each {@code appmesh.k8s.aws} object on its own, so one bad object does not hide the others. */
  public List<Translation> translate(List<KubernetesObject> objects, Map<String, Map<String, String>> namespaceLabels) {
    AppMeshObjects index = new AppMeshObjects(objects, namespaceLabels, defaultNamespace);
    List<Translation> translations = new ArrayList<>();
    for (String kind : KINDS) {
      for (KubernetesObject object : index.all(kind)) {
        translations.add(translateOne(index, object));
      }
    }
    for (KubernetesObject object : objects) {
      if (object.apiVersion().startsWith("appmesh.k8s.aws/") && !object.apiVersion().equals(API_VERSION)
          || object.apiVersion().equals(API_VERSION) && !KINDS.contains(object.kind())) {
        translations.add(new Translation(object, List.of(), List.of(new ManifestError(object.origin(defaultNamespace),
            "apiVersion", "only " + API_VERSION + " kinds " + KINDS + " are read; convert " + object.apiVersion()
                + " " + object.kind() + " objects first"))));
      }
    }
    return translations;
  }

  private Translation translateOne(AppMeshObjects index, KubernetesObject object) {
    String origin = object.origin(defaultNamespace);
    try {
      if (object.name().isEmpty()) {
        throw new TranslationError("metadata.name", "is required");
      }
      return new Translation(object, resourcesOf(index, object, origin), List.of());
    } catch (TranslationError e) {
      return new Translation(object, List.of(), List.of(new ManifestError(origin, e.fieldPath(), e.getMessage())));
    }
  }

  private List<DeclaredResource> resourcesOf(AppMeshObjects index, KubernetesObject object, String origin) {
    if (object.kind().equals("Mesh")) {
      ObjectNode spec = new CrdSpecTranslator(noReferences()).translate(object.spec(), "spec", KUBERNETES_ONLY);
      JsonNode discovery = spec.remove("meshServiceDiscovery");
      if (discovery != null) {
        spec.set("serviceDiscovery", discovery);
      }
      return List.of(new DeclaredResource(ResourceKind.MESH, index.awsName(object), null, index.awsName(object),
          meshOwner(object), spec, Map.of(), origin));
    }
    KubernetesObject mesh = index.meshOf(object);
    String meshName = index.awsName(mesh);
    CrdSpecTranslator translator = new CrdSpecTranslator(references(index, object, mesh));
    return switch (object.kind()) {
      case "BackendGroup" -> {
        // Not an App Mesh resource: checked here, expanded into the virtual nodes that name it.
        backendGroupServices(index, object, mesh, "spec.virtualservices");
        yield List.of();
      }
      case "VirtualService", "VirtualGateway" -> List.of(declared(object, meshName, mesh, null,
          translator.translate(object.spec(), "spec", KUBERNETES_ONLY), index, origin));
      case "VirtualNode" -> List.of(declared(object, meshName, mesh, null,
          virtualNodeSpec(index, object, mesh, translator), index, origin));
      case "VirtualRouter" -> virtualRouter(index, object, mesh, translator, origin);
      case "GatewayRoute" -> {
        KubernetesObject gateway = index.virtualGatewayOf(object);
        KubernetesObject gatewayMesh = index.meshOf(gateway);
        if (gatewayMesh != mesh) {
          throw new TranslationError("spec.virtualGatewayRef", "VirtualGateway " + gateway.name() + " belongs to mesh "
              + gatewayMesh.name() + ", this GatewayRoute to mesh " + mesh.name());
        }
        yield List.of(declared(object, meshName, mesh, index.awsName(gateway),
            translator.translate(object.spec(), "spec", KUBERNETES_ONLY), index, origin));
      }
      default -> throw new IllegalStateException(object.kind());
    };
  }

  private static DeclaredResource declared(KubernetesObject object, String meshName, KubernetesObject mesh,
      String parentName, ObjectNode spec, AppMeshObjects index, String origin) {
    ResourceKind kind = ResourceKind.fromApiName(object.kind()).orElseThrow();
    return new DeclaredResource(kind, meshName, parentName, index.awsName(object), meshOwner(mesh), spec, Map.of(), origin);
  }

  private static String meshOwner(KubernetesObject mesh) {
    String owner = mesh.spec().path("meshOwner").asText("");
    return owner.isEmpty() ? null : owner;
  }

  /** Routes are inline in the CRD and separate resources in App Mesh, named by {@code routes[].name}. */
  private List<DeclaredResource> virtualRouter(AppMeshObjects index, KubernetesObject router, KubernetesObject mesh,
      CrdSpecTranslator translator, String origin) {
    Set<String> notRouterFields = new HashSet<>(KUBERNETES_ONLY);
    notRouterFields.add("routes");
    String meshName = index.awsName(mesh);
    String routerName = index.awsName(router);
    List<DeclaredResource> resources = new ArrayList<>();
    resources.add(declared(router, meshName, mesh, null, translator.translate(router.spec(), "spec", notRouterFields),
        index, origin));
    Set<String> routeNames = new HashSet<>();
    JsonNode routes = router.spec().path("routes");
    for (int i = 0; i < routes.size(); i++) {
      String path = "spec.routes[" + i + "]";
      String routeName = routes.get(i).path("name").asText("");
      if (routeName.isEmpty()) {
        throw new TranslationError(path + ".name", "is required: it is the App Mesh route's name");
      }
      if (!routeNames.add(routeName)) {
        throw new TranslationError(path + ".name", "route " + routeName + " is declared twice");
      }
      ObjectNode spec = translator.translate(routes.get(i), path, Set.of("name"));
      resources.add(new DeclaredResource(ResourceKind.ROUTE, meshName, routerName, routeName, meshOwner(mesh), spec,
          Map.of(), origin + " " + path));
    }
    return resources;
  }

  /** The node's backends, then the services of its backend groups not already backends, as the controller adds them. */
  private ObjectNode virtualNodeSpec(AppMeshObjects index, KubernetesObject node, KubernetesObject mesh,
      CrdSpecTranslator translator) {
    ObjectNode spec = translator.translate(node.spec(), "spec", KUBERNETES_ONLY);
    Set<String> explicit = new HashSet<>();
    JsonNode backends = node.spec().path("backends");
    for (JsonNode backend : backends) {
      JsonNode ref = backend.path("virtualService").path("virtualServiceRef");
      if (!ref.isMissingNode()) {
        explicit.add(ref.path("namespace").asText(node.namespace(defaultNamespace)) + "/" + ref.path("name").asText());
      }
    }
    TreeMap<String, String> grouped = new TreeMap<>();
    JsonNode groups = node.spec().path("backendGroups");
    for (int i = 0; i < groups.size(); i++) {
      String path = "spec.backendGroups[" + i + "]";
      String namespace = groups.get(i).path("namespace").asText(node.namespace(defaultNamespace));
      String name = groups.get(i).path("name").asText("");
      if (name.equals("*")) {
        // The wildcard group: every virtual service of that namespace.
        for (KubernetesObject service : index.all("VirtualService")) {
          if (service.namespace(defaultNamespace).equals(namespace)) {
            grouped.put(namespace + "/" + service.name(), awsNameInMesh(index, service, mesh, path));
          }
        }
      } else {
        KubernetesObject group = index.find("BackendGroup", namespace, name).orElseThrow(() -> new TranslationError(
            path, "no BackendGroup " + namespace + "/" + name));
        grouped.putAll(backendGroupServices(index, group, mesh,
            path + " -> BackendGroup " + namespace + "/" + name + " spec.virtualservices"));
      }
    }
    grouped.keySet().removeAll(explicit);
    if (!grouped.isEmpty()) {
      var all = spec.withArray("backends");
      grouped.values().forEach(awsName -> all.addObject().putObject("virtualService").put("virtualServiceName", awsName));
    }
    return spec;
  }

  /** The group's virtual services (namespace/name to App Mesh name); {@code path} leads to its {@code virtualservices}. */
  private Map<String, String> backendGroupServices(AppMeshObjects index, KubernetesObject group, KubernetesObject mesh,
      String path) {
    Map<String, String> services = new TreeMap<>();
    JsonNode refs = group.spec().path("virtualservices");
    for (int i = 0; i < refs.size(); i++) {
      String namespace = refs.get(i).path("namespace").asText(group.namespace(defaultNamespace));
      String name = refs.get(i).path("name").asText("");
      String refPath = path + "[" + i + "]";
      KubernetesObject service = index.find("VirtualService", namespace, name).orElseThrow(() -> new TranslationError(
          refPath, "no VirtualService " + namespace + "/" + name));
      services.put(namespace + "/" + name, awsNameInMesh(index, service, mesh, refPath));
    }
    return services;
  }

  private static String awsNameInMesh(AppMeshObjects index, KubernetesObject target, KubernetesObject mesh, String path) {
    KubernetesObject targetMesh;
    try {
      targetMesh = index.meshOf(target);
    } catch (TranslationError e) {
      throw new TranslationError(path, target.kind() + " " + target.name() + " has no mesh: " + e.getMessage());
    }
    if (targetMesh != mesh) {
      throw new TranslationError(path, target.kind() + " " + target.name() + " belongs to mesh " + targetMesh.name()
          + ", not " + mesh.name());
    }
    return index.awsName(target);
  }

  private CrdSpecTranslator.References references(AppMeshObjects index, KubernetesObject referrer, KubernetesObject mesh) {
    return (kind, reference, path) -> {
      String namespace = reference.path("namespace").asText(referrer.namespace(defaultNamespace));
      String name = reference.path("name").asText("");
      if (name.isEmpty()) {
        throw new TranslationError(path + ".name", "is required");
      }
      KubernetesObject target = index.find(kind, namespace, name).orElseThrow(() -> new TranslationError(path,
          "no " + kind + " " + namespace + "/" + name + " (declare it, or reference it by ARN)"));
      return awsNameInMesh(index, target, mesh, path);
    };
  }

  private static CrdSpecTranslator.References noReferences() {
    return (kind, reference, path) -> {
      throw new TranslationError(path, "a Mesh references no other object");
    };
  }
}
