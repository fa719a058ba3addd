package dev.meshplane.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.manifests.DeclaredResource;
import dev.meshplane.manifests.SdkModelJson;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.appmesh.AppMeshClient;
import software.amazon.awssdk.services.appmesh.model.GatewayRouteSpec;
import software.amazon.awssdk.services.appmesh.model.MeshSpec;
import software.amazon.awssdk.services.appmesh.model.NotFoundException;
import software.amazon.awssdk.services.appmesh.model.ResourceMetadata;
import software.amazon.awssdk.services.appmesh.model.RouteRef;
import software.amazon.awssdk.services.appmesh.model.RouteSpec;
import software.amazon.awssdk.services.appmesh.model.VirtualGatewaySpec;
import software.amazon.awssdk.services.appmesh.model.VirtualNodeSpec;
import software.amazon.awssdk.services.appmesh.model.VirtualRouterSpec;
import software.amazon.awssdk.services.appmesh.model.VirtualServiceSpec;

/**
 * The App Mesh API calls the controller makes, one per operation and kind, through the AWS SDK v2
 * client (signed; its endpoint is Meshplane's API).
 */
final class AppMeshApi {

  /** A resource as the API describes it. */
  record Remote(String arn, String status, ObjectNode spec) {
    boolean active() {
      return "ACTIVE".equals(status);
    }
  }

  private final AppMeshClient client;

  AppMeshApi(AppMeshClient client) {
    this.client = client;
  }

  Optional<Remote> describe(DeclaredResource r) {
    try {
      return Optional.of(switch (r.kind()) {
        case MESH -> {
          var d = client.describeMesh(b -> b.meshName(r.name()).meshOwner(r.meshOwner())).mesh();
          yield remote(d.metadata(), d.status().statusAsString(), d.spec());
        }
        case VIRTUAL_NODE -> {
          var d = client.describeVirtualNode(b -> b.meshName(r.meshName()).meshOwner(r.meshOwner())
              .virtualNodeName(r.name())).virtualNode();
          yield remote(d.metadata(), d.status().statusAsString(), d.spec());
        }
        case VIRTUAL_SERVICE -> {
          var d = client.describeVirtualService(b -> b.meshName(r.meshName()).meshOwner(r.meshOwner())
              .virtualServiceName(r.name())).virtualService();
          yield remote(d.metadata(), d.status().statusAsString(), d.spec());
        }
        case VIRTUAL_ROUTER -> {
          var d = client.describeVirtualRouter(b -> b.meshName(r.meshName()).meshOwner(r.meshOwner())
              .virtualRouterName(r.name())).virtualRouter();
          yield remote(d.metadata(), d.status().statusAsString(), d.spec());
        }
        case VIRTUAL_GATEWAY -> {
          var d = client.describeVirtualGateway(b -> b.meshName(r.meshName()).meshOwner(r.meshOwner())
              .virtualGatewayName(r.name())).virtualGateway();
          yield remote(d.metadata(), d.status().statusAsString(), d.spec());
        }
        case ROUTE -> {
          var d = client.describeRoute(b -> b.meshName(r.meshName()).meshOwner(r.meshOwner())
              .virtualRouterName(r.parentName()).routeName(r.name())).route();
          yield remote(d.metadata(), d.status().statusAsString(), d.spec());
        }
        case GATEWAY_ROUTE -> {
          var d = client.describeGatewayRoute(b -> b.meshName(r.meshName()).meshOwner(r.meshOwner())
              .virtualGatewayName(r.parentName()).gatewayRouteName(r.name())).gatewayRoute();
          yield remote(d.metadata(), d.status().statusAsString(), d.spec());
        }
      });
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /** Creates the resource, or updates it when {@code update}; returns it as the API answers. */
  Remote put(DeclaredResource r, boolean update) {
    JsonNode s = r.spec();
    String p = "spec";
    return switch (r.kind()) {
      case MESH -> {
        MeshSpec spec = SdkModelJson.toModel(MeshSpec.builder(), s, p);
        var d = update
            ? client.updateMesh(b -> b.meshName(r.name()).spec(spec)).mesh()
            : client.createMesh(b -> b.meshName(r.name()).spec(spec)).mesh();
        yield remote(d.metadata(), d.status().statusAsString(), d.spec());
      }
      case VIRTUAL_NODE -> {
        VirtualNodeSpec spec = SdkModelJson.toModel(VirtualNodeSpec.builder(), s, p);
        var d = update
            ? client.updateVirtualNode(b -> b.meshName(r.meshName()).meshOwner(r.meshOwner()).virtualNodeName(r.name()).spec(spec)).virtualNode()
            : client.createVirtualNode(b -> b.meshName(r.meshName()).meshOwner(r.meshOwner()).virtualNodeName(r.name()).spec(spec)).virtualNode();
        yield remote(d.metadata(), d.status().statusAsString(), d.spec());
      }
      case VIRTUAL_SERVICE -> {
        VirtualServiceSpec spec = SdkModelJson.toModel(VirtualServiceSpec.builder(), s, p);
        var d = update
            ? client.updateVirtualService(b -> b.meshName(r.meshName()).meshOwner(r.meshOwner()).virtualServiceName(r.name()).spec(spec)).virtualService()
            : client.createVirtualService(b -> b.meshName(r.meshName()).meshOwner(r.meshOwner()).virtualServiceName(r.name()).spec(spec)).virtualService();
        yield remote(d.metadata(), d.status().statusAsString(), d.spec());
      }
      case VIRTUAL_ROUTER -> {
        VirtualRouterSpec spec = SdkModelJson.toModel(VirtualRouterSpec.builder(), s, p);
        var d = update
            ? client.updateVirtualRouter(b -> b.meshName(r.meshName()).meshOwner(r.meshOwner()).virtualRouterName(r.name()).spec(spec)).virtualRouter()
            : client.createVirtualRouter(b -> b.meshName(r.meshName()).meshOwner(r.meshOwner()).virtualRouterName(r.name()).spec(spec)).virtualRouter();
        yield remote(d.metadata(), d.status().statusAsString(), d.spec());
      }
      case VIRTUAL_GATEWAY -> {
        VirtualGatewaySpec spec = SdkModelJson.toModel(VirtualGatewaySpec.builder(), s, p);
        var d = update
            ? client.updateVirtualGateway(b -> b.meshName(r.meshName()).meshOwner(r.meshOwner()).virtualGatewayName(r.name()).spec(spec)).virtualGateway()
            : client.createVirtualGateway(b -> b.meshName(r.meshName()).meshOwner(r.meshOwner()).virtualGatewayName(r.name()).spec(spec)).virtualGateway();
        yield remote(d.metadata(), d.status().statusAsString(), d.spec());
      }
      case ROUTE -> {
        RouteSpec spec = SdkModelJson.toModel(RouteSpec.builder(), s, p);
        var d = update
            ? client.updateRoute(b -> b.meshName(r.meshName()).meshOwner(r.meshOwner()).virtualRouterName(r.parentName()).routeName(r.name()).spec(spec)).route()
            : client.createRoute(b -> b.meshName(r.meshName()).meshOwner(r.meshOwner()).virtualRouterName(r.parentName()).routeName(r.name()).spec(spec)).route();
        yield remote(d.metadata(), d.status().statusAsString(), d.spec());
      }
      case GATEWAY_ROUTE -> {
        GatewayRouteSpec spec = SdkModelJson.toModel(GatewayRouteSpec.builder(), s, p);
        var d = update
            ? client.updateGatewayRoute(b -> b.meshName(r.meshName()).meshOwner(r.meshOwner()).virtualGatewayName(r.parentName()).gatewayRouteName(r.name()).spec(spec)).gatewayRoute()
            : client.createGatewayRoute(b -> b.meshName(r.meshName()).meshOwner(r.meshOwner()).virtualGatewayName(r.parentName()).gatewayRouteName(r.name()).spec(spec)).gatewayRoute();
        yield remote(d.metadata(), d.status().statusAsString(), d.spec());
      }
    };
  }

  /** Deletes the resource; true when it was there. */
  boolean delete(ResourceId id, String meshOwner) {
    String mesh = id.mesh();
    try {
      switch (id.kind()) {
        case MESH -> client.deleteMesh(b -> b.meshName(mesh));
        case VIRTUAL_NODE -> client.deleteVirtualNode(b -> b.meshName(mesh).meshOwner(meshOwner).virtualNodeName(id.name()));
        case VIRTUAL_SERVICE -> client.deleteVirtualService(b -> b.meshName(mesh).meshOwner(meshOwner).virtualServiceName(id.name()));
        case VIRTUAL_ROUTER -> client.deleteVirtualRouter(b -> b.meshName(mesh).meshOwner(meshOwner).virtualRouterName(id.name()));
        case VIRTUAL_GATEWAY -> client.deleteVirtualGateway(b -> b.meshName(mesh).meshOwner(meshOwner).virtualGatewayName(id.name()));
        case ROUTE -> client.deleteRoute(b -> b.meshName(mesh).meshOwner(meshOwner).virtualRouterName(id.parentName()).routeName(id.name()));
        case GATEWAY_ROUTE -> client.deleteGatewayRoute(b -> b.meshName(mesh).meshOwner(meshOwner).virtualGatewayName(id.parentName()).gatewayRouteName(id.name()));
      }
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** The routes the router has in App Mesh (so routes dropped from the CRD are deleted). */
  List<ResourceId> routes(String mesh, String meshOwner, String router) {
    List<ResourceId> routes = new ArrayList<>();
    try {
      for (RouteRef ref : client.listRoutesPaginator(b -> b.meshName(mesh).meshOwner(meshOwner).virtualRouterName(router)).routes()) {
        routes.add(ResourceId.child(mesh, ResourceKind.ROUTE, router, ref.routeName()));
      }
    } catch (NotFoundException e) {
      return List.of();
    }
    return routes;
  }

  private static Remote remote(ResourceMetadata metadata, String status, SdkPojo spec) {
    return new Remote(metadata.arn(), status, SdkModelJson.json(spec));
  }
}
