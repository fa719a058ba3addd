package dev.meshplane.k8s;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Arrays;
import java.util.Optional;

/**
 * The App Mesh controller's custom resources in {@code appmesh.k8s.aws/v1beta2}, with the status
 * fields that controller writes ({@code meshARN}, {@code MeshActive}, ...), which tooling waits on.
 */
public enum CrdKind {
  MESH("Mesh", "meshes", false, "meshARN", "MeshActive"),
  VIRTUAL_GATEWAY("VirtualGateway", "virtualgateways", true, "virtualGatewayARN", "VirtualGatewayActive"),
  VIRTUAL_NODE("VirtualNode", "virtualnodes", true, "virtualNodeARN", "VirtualNodeActive"),
  VIRTUAL_ROUTER("VirtualRouter", "virtualrouters", true, "virtualRouterARN", "VirtualRouterActive"),
  VIRTUAL_SERVICE("VirtualService", "virtualservices", true, "virtualServiceARN", "VirtualServiceActive"),
  GATEWAY_ROUTE("GatewayRoute", "gatewayroutes", true, "gatewayRouteARN", "GatewayRouteActive"),
  BACKEND_GROUP("BackendGroup", "backendgroups", true, null, null);

  public static final String GROUP = "appmesh.k8s.aws";
  public static final String VERSION = "v1beta2";
  /** The AWS controller's finalizer: objects it (or this controller) created App Mesh resources for. */
  public static final String FINALIZER = "finalizers.appmesh.k8s.aws/aws-appmesh-resources";

  private final String kind;
  private final String plural;
  private final boolean namespaced;
  private final String arnField;
  private final String activeCondition;

  CrdKind(String kind, String plural, boolean namespaced, String arnField, String activeCondition) {
    this.kind = kind;
    this.plural = plural;
    this.namespaced = namespaced;
    this.arnField = arnField;
    this.activeCondition = activeCondition;
  }

  public String kind() {
    return kind;
  }

  public String plural() {
    return plural;
  }

  public boolean namespaced() {
    return namespaced;
  }

  /** The status field holding the App Mesh ARN; null for BackendGroup, which has no App Mesh resource. */
  public String arnField() {
    return arnField;
  }

  /** The condition type that is True once the App Mesh resource is active. */
  public String activeCondition() {
    return activeCondition;
  }

  public boolean hasAppMeshResource() {
    return arnField != null;
  }

  public ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(GROUP)
        .withVersion(VERSION)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }

  public static Optional<CrdKind> of(String kind) {
    return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
  }
}
