package dev.meshplane.model;

import com.google.protobuf.Descriptors.Descriptor;
import dev.meshplane.model.appmesh.GatewayRouteSpec;
import dev.meshplane.model.appmesh.MeshSpec;
import dev.meshplane.model.appmesh.RouteSpec;
import dev.meshplane.model.appmesh.VirtualGatewaySpec;
import dev.meshplane.model.appmesh.VirtualNodeSpec;
import dev.meshplane.model.appmesh.VirtualRouterSpec;
import dev.meshplane.model.appmesh.VirtualServiceSpec;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The seven App Mesh resource kinds, with the names the API and ARNs use for them.
 *
 * <p>{@code apiName} is the shape prefix ({@code VirtualNode} in {@code CreateVirtualNode},
 * {@code VirtualNodeData}); {@code arnSegment} is how the kind appears in ARNs and store keys
 * ({@code mesh/m/virtualNode/n}); routes and gateway routes live under their router or gateway.
 */
public enum ResourceKind {
  MESH("Mesh", "mesh", null, MeshSpec.getDescriptor()),
  VIRTUAL_SERVICE("VirtualService", "virtualService", null, VirtualServiceSpec.getDescriptor()),
  VIRTUAL_ROUTER("VirtualRouter", "virtualRouter", null, VirtualRouterSpec.getDescriptor()),
  ROUTE("Route", "route", "VIRTUAL_ROUTER", RouteSpec.getDescriptor()),
  VIRTUAL_NODE("VirtualNode", "virtualNode", null, VirtualNodeSpec.getDescriptor()),
  VIRTUAL_GATEWAY("VirtualGateway", "virtualGateway", null, VirtualGatewaySpec.getDescriptor()),
  GATEWAY_ROUTE("GatewayRoute", "gatewayRoute", "VIRTUAL_GATEWAY", GatewayRouteSpec.getDescriptor());

  private final String apiName;
  private final String arnSegment;
  private final String parentKindName;
  private final Descriptor specDescriptor;

  ResourceKind(String apiName, String arnSegment, String parentKindName, Descriptor specDescriptor) {
    this.apiName = apiName;
    this.arnSegment = arnSegment;
    this.parentKindName = parentKindName;
    this.specDescriptor = specDescriptor;
  }

  /** {@code VirtualNode}: the prefix of the kind's operation and shape names. */
  public String apiName() {
    return apiName;
  }

  /** {@code virtualNode}: the kind's segment in ARNs and store keys. */
  public String arnSegment() {
    return arnSegment;
  }

  /** {@code virtualNodeName}: the member that names a resource of this kind. */
  public String nameMember() {
    return arnSegment + "Name";
  }

  /**
   * The kind a resource of this kind lives under besides its mesh: the virtual router of a route,
   * the virtual gateway of a gateway route; empty for the others.
   */
  public Optional<ResourceKind> parentKind() {
    return PARENTS[ordinal()];
  }

  public Descriptor specDescriptor() {
    return specDescriptor;
  }

  public static Optional<ResourceKind> fromApiName(String apiName) {
    return Optional.ofNullable(BY_API_NAME.get(apiName));
  }

  public static Optional<ResourceKind> fromArnSegment(String segment) {
    return Optional.ofNullable(BY_ARN_SEGMENT.get(segment));
  }

  // Resolved once: every store row, key and request asks for these.
  private static final Optional<ResourceKind>[] PARENTS = parents();
  private static final Map<String, ResourceKind> BY_API_NAME =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ResourceKind::apiName, k -> k));
  private static final Map<String, ResourceKind> BY_ARN_SEGMENT =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ResourceKind::arnSegment, k -> k));

  @SuppressWarnings("unchecked")
  private static Optional<ResourceKind>[] parents() {
    ResourceKind[] kinds = values();
    Optional<ResourceKind>[] parents = new Optional[kinds.length];
    for (ResourceKind kind : kinds) {
      parents[kind.ordinal()] = Optional.ofNullable(kind.parentKindName).map(ResourceKind::valueOf);
    }
    return parents;
  }
}
