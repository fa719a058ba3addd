package dev.meshplane.transformer.synth.resolve;

import com.google.protobuf.Message;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.appmesh.GatewayRouteSpec;
import dev.meshplane.model.appmesh.MeshSpec;
import dev.meshplane.model.appmesh.RouteSpec;
import dev.meshplane.model.appmesh.VirtualGatewaySpec;
import dev.meshplane.model.appmesh.VirtualNodeSpec;
import dev.meshplane.model.appmesh.VirtualRouterSpec;
import dev.meshplane.model.appmesh.VirtualServiceSpec;
import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.store.StoredResource;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The parsed specs of one snapshot, by kind and name, in name order. */
final class MeshSpecs {
  MeshSpec mesh = MeshSpec.getDefaultInstance();
  final SortedMap<String, VirtualNodeSpec> nodes = new TreeMap<>();
  final SortedMap<String, VirtualServiceSpec> services = new TreeMap<>();
  final SortedMap<String, VirtualRouterSpec> routers = new TreeMap<>();
  final SortedMap<String, VirtualGatewaySpec> gateways = new TreeMap<>();
  /** router name → route name → spec */
  final Map<String, SortedMap<String, RouteSpec>> routes = new TreeMap<>();
  /** gateway name → gateway route name → spec */
  final Map<String, SortedMap<String, GatewayRouteSpec>> gatewayRoutes = new TreeMap<>();

  private final SpecParser parser;

  private MeshSpecs(SpecParser parser) {
    this.parser = parser;
  }

  static MeshSpecs of(MeshSnapshot snapshot, SpecParser parser) {
    MeshSpecs specs = new MeshSpecs(parser);
    for (StoredResource resource : snapshot.resources()) {
      specs.add(resource);
    }
    return specs;
  }

  @SuppressWarnings("unchecked")
  private <T extends Message> T parse(StoredResource resource, String json, T defaultInstance) {
    return (T) parser.parse(resource.id(), json, defaultInstance);
  }

  private void add(StoredResource resource) {
    String name = resource.id().name();
    String json = resource.specJson() == null || resource.specJson().isBlank() ? "{}" : resource.specJson();
    ResourceKind kind = resource.id().kind();
    switch (kind) {
      case MESH -> mesh = parse(resource, json, MeshSpec.getDefaultInstance());
      case VIRTUAL_NODE -> nodes.put(name, parse(resource, json, VirtualNodeSpec.getDefaultInstance()));
      case VIRTUAL_SERVICE -> services.put(name, parse(resource, json, VirtualServiceSpec.getDefaultInstance()));
      case VIRTUAL_ROUTER -> routers.put(name, parse(resource, json, VirtualRouterSpec.getDefaultInstance()));
      case VIRTUAL_GATEWAY -> gateways.put(name, parse(resource, json, VirtualGatewaySpec.getDefaultInstance()));
      case ROUTE -> routes
          .computeIfAbsent(resource.id().parentName(), r -> new TreeMap<>())
          .put(name, parse(resource, json, RouteSpec.getDefaultInstance()));
      case GATEWAY_ROUTE -> gatewayRoutes
          .computeIfAbsent(resource.id().parentName(), g -> new TreeMap<>())
          .put(name, parse(resource, json, GatewayRouteSpec.getDefaultInstance()));
    }
  }

  SortedMap<String, RouteSpec> routesOf(String router) {
    return routes.getOrDefault(router, new TreeMap<>());
  }

  SortedMap<String, GatewayRouteSpec> gatewayRoutesOf(String gateway) {
    return gatewayRoutes.getOrDefault(gateway, new TreeMap<>());
  }
}
