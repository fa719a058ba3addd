package dev.meshplane.manifests.cloudformation;

import dev.meshplane.model.ResourceKind;
import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code AWS::AppMesh::*} resource types: the kind each declares, the property that names it
 * and the one that names its parent (router of a route, gateway of a gateway route).
 */
enum AppMeshResourceType {
  MESH("AWS::AppMesh::Mesh", ResourceKind.MESH, "MeshName", null),
  VIRTUAL_NODE("AWS::AppMesh::VirtualNode", ResourceKind.VIRTUAL_NODE, "VirtualNodeName", null),
  VIRTUAL_ROUTER("AWS::AppMesh::VirtualRouter", ResourceKind.VIRTUAL_ROUTER, "VirtualRouterName", null),
  ROUTE("AWS::AppMesh::Route", ResourceKind.ROUTE, "RouteName", "VirtualRouterName"),
  VIRTUAL_SERVICE("AWS::AppMesh::VirtualService", ResourceKind.VIRTUAL_SERVICE, "VirtualServiceName", null),
  VIRTUAL_GATEWAY("AWS::AppMesh::VirtualGateway", ResourceKind.VIRTUAL_GATEWAY, "VirtualGatewayName", null),
  GATEWAY_ROUTE("AWS::AppMesh::GatewayRoute", ResourceKind.GATEWAY_ROUTE, "GatewayRouteName", "VirtualGatewayName");

  final String typeName;
  final ResourceKind kind;
  final String nameProperty;
  final String parentProperty;

  AppMeshResourceType(String typeName, ResourceKind kind, String nameProperty, String parentProperty) {
    this.typeName = typeName;
    this.kind = kind;
    this.nameProperty = nameProperty;
    this.parentProperty = parentProperty;
  }

  static Optional<AppMeshResourceType> of(String typeName) {
    return Arrays.stream(values()).filter(t -> t.typeName.equals(typeName)).findFirst();
  }
}
