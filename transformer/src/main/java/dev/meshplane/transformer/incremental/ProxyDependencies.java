package dev.meshplane.transformer.incremental;

import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.appmesh.GatewayRouteSpec;
import dev.meshplane.model.appmesh.GatewayRouteTarget;
import dev.meshplane.model.appmesh.RouteSpec;
import dev.meshplane.model.appmesh.VirtualNodeSpec;
import dev.meshplane.model.appmesh.VirtualServiceSpec;
import dev.meshplane.model.appmesh.WeightedTarget;
import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.store.StoredResource;
import dev.meshplane.transformer.synth.resolve.SpecParser;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which proxies a resource's spec reaches, from the references of one snapshot: a proxy reads its
 * own spec, its backends' virtual services, their providers (a node, or a router with its routes)
 * and the routes' target nodes; a gateway reads its own spec and gateway routes and the services
 * they target. Names are indexed whether or not they exist, so creating a resource a proxy was
 * missing reaches it too. A route counts as its router and a gateway route as its gateway.
 *
 * <p>Indexing the new snapshot is enough: along the chain from a proxy to a changed resource,
 * every spec before the first changed one is unchanged, so that first one is named here as it
 * was before the change.
 */
final class ProxyDependencies {
  private final String mesh;
  /** service name → the proxies (node or gateway ids) that call it */
  private final Map<String, Set<ResourceId>> callers = new HashMap<>();
  /** provider (node or router id) → the services it provides */
  private final Map<ResourceId, Set<String>> provides = new HashMap<>();
  /** node name → the routers with a route targeting it */
  private final Map<String, Set<ResourceId>> targetedBy = new HashMap<>();
  private final Set<ResourceId> proxies = new HashSet<>();

  private ProxyDependencies(String mesh) {
    this.mesh = mesh;
  }

  static ProxyDependencies of(MeshSnapshot snapshot, SpecParser specs) {
    ProxyDependencies index = new ProxyDependencies(snapshot.mesh());
    for (StoredResource resource : snapshot.resources()) {
      index.add(resource, specs);
    }
    return index;
  }

  private void add(StoredResource resource, SpecParser specs) {
    ResourceId id = resource.id();
    String json = resource.specJson() == null || resource.specJson().isBlank() ? "{}" : resource.specJson();
    switch (id.kind()) {
      case VIRTUAL_NODE -> {
        proxies.add(id);
        var spec = (VirtualNodeSpec) specs.parse(id, json, VirtualNodeSpec.getDefaultInstance());
        spec.getBackendsList().forEach(b -> calls(id, b.getVirtualService().getVirtualServiceName()));
      }
      case VIRTUAL_GATEWAY -> proxies.add(id);
      case VIRTUAL_SERVICE -> {
        var provider = ((VirtualServiceSpec) specs.parse(id, json, VirtualServiceSpec.getDefaultInstance()))
            .getProvider();
        if (provider.hasVirtualNode()) {
          provided(node(provider.getVirtualNode().getVirtualNodeName()), id.name());
        }
        if (provider.hasVirtualRouter()) {
          provided(router(provider.getVirtualRouter().getVirtualRouterName()), id.name());
        }
      }
      case ROUTE -> {
        var spec = (RouteSpec) specs.parse(id, json, RouteSpec.getDefaultInstance());
        ResourceId router = router(id.parentName());
        for (List<WeightedTarget> targets : List.of(
            spec.getHttpRoute().getAction().getWeightedTargetsList(),
            spec.getHttp2Route().getAction().getWeightedTargetsList(),
            spec.getGrpcRoute().getAction().getWeightedTargetsList(),
            spec.getTcpRoute().getAction().getWeightedTargetsList())) {
          targets.forEach(t -> targetedBy.computeIfAbsent(t.getVirtualNode(), n -> new HashSet<>()).add(router));
        }
      }
      case GATEWAY_ROUTE -> {
        var spec = (GatewayRouteSpec) specs.parse(id, json, GatewayRouteSpec.getDefaultInstance());
        ResourceId gateway = ResourceId.of(mesh, ResourceKind.VIRTUAL_GATEWAY, id.parentName());
        for (GatewayRouteTarget target : List.of(
            spec.getHttpRoute().getAction().getTarget(),
            spec.getHttp2Route().getAction().getTarget(),
            spec.getGrpcRoute().getAction().getTarget())) {
          calls(gateway, target.getVirtualService().getVirtualServiceName());
        }
      }
      case MESH, VIRTUAL_ROUTER -> {
        // The mesh reaches every proxy (the synthesizer starts over); a router's references are its routes'.
      }
    }
  }

  /**
   * The proxies of the snapshot that the {@code changed} resources reach. A changed mesh is not
   * handled here: it reaches every proxy.
   */
  Set<ResourceId> reachedBy(Set<ResourceId> changed) {
    Set<ResourceId> reached = new HashSet<>();
    Set<String> services = new HashSet<>();
    Deque<ResourceId> providers = new ArrayDeque<>();
    for (ResourceId id : changed) {
      switch (id.kind()) {
        case VIRTUAL_NODE -> {
          reached.add(id);
          providers.add(id);
          targetedBy.getOrDefault(id.name(), Set.of()).forEach(providers::add);
        }
        case VIRTUAL_GATEWAY -> reached.add(id);
        case GATEWAY_ROUTE -> reached.add(ResourceId.of(mesh, ResourceKind.VIRTUAL_GATEWAY, id.parentName()));
        case VIRTUAL_SERVICE -> services.add(id.name());
        case VIRTUAL_ROUTER -> providers.add(id);
        case ROUTE -> providers.add(router(id.parentName()));
        case MESH -> throw new IllegalArgumentException("a changed mesh reaches every proxy");
      }
    }
    providers.forEach(p -> services.addAll(provides.getOrDefault(p, Set.of())));
    services.forEach(s -> reached.addAll(callers.getOrDefault(s, Set.of())));
    reached.retainAll(proxies);
    return reached;
  }

  private void calls(ResourceId proxy, String service) {
    if (!service.isEmpty()) {
      callers.computeIfAbsent(service, s -> new HashSet<>()).add(proxy);
    }
  }

  private void provided(ResourceId provider, String service) {
    provides.computeIfAbsent(provider, p -> new HashSet<>()).add(service);
  }

  private ResourceId node(String name) {
    return ResourceId.of(mesh, ResourceKind.VIRTUAL_NODE, name);
  }

  private ResourceId router(String name) {
    return ResourceId.of(mesh, ResourceKind.VIRTUAL_ROUTER, name);
  }
}
