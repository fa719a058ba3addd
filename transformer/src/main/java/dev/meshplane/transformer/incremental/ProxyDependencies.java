package dev.meshplane.transformer.incremental;

import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.appmesh.GatewayRouteSpec;
import dev.meshplane.model.appmesh.GatewayRouteTarget;
import dev.meshplane.model.appmesh.RouteSpec;
import dev.meshplane.model.appmesh.VirtualNodeSpec;
import dev.meshplane.model.appmesh.VirtualServiceSpec;
import dev.meshplane.model.appmesh.WeightedTarget;
import dev.meshplane.store.StoredResource;
import dev.meshplane.transformer.synth.resolve.SpecParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which proxies depend on which resources, from the references in the specs of one mesh, kept up
 * to date resource by resource: a node reads its own spec, its backends' virtual services, their
 * providers (a node, or a router with its routes) and the routes' target nodes; a gateway reads
 * its own spec and gateway routes and the services they target. Names are indexed whether or not
 * they exist, so creating a resource a proxy was missing reaches it too.
 *
 * <p>Indexing the new specs is enough to find what a change reaches: along the chain from a proxy
 * to a changed resource, every spec before the first changed one is unchanged, so that first one
 * is named here as it was before the change.
 *
 * <p>Callers read of a node, as a route's or service's target, only part of its spec ({@link
 * #asTarget}): a node change that leaves that part as it was (its backends, say) reaches the node
 * alone, however many proxies route to it.
 */
final class ProxyDependencies {
  /** What one resource's spec names. */
  private record References(List<String> services, List<ResourceId> providers, List<String> targetNodes) {}

  private static final References NONE = new References(List.of(), List.of(), List.of());

  private final String mesh;
  private final Map<ResourceId, References> references = new HashMap<>();
  /** service name → the nodes and gateway routes that call it */
  private final Map<String, Set<ResourceId>> callers = new HashMap<>();
  /** provider (node or router id) → the services it provides */
  private final Map<ResourceId, Set<String>> provides = new HashMap<>();
  /** node name → the routes targeting it */
  private final Map<String, Set<ResourceId>> targetedBy = new HashMap<>();
  /** router or gateway id → its routes or gateway routes */
  private final Map<ResourceId, Set<ResourceId>> children = new HashMap<>();
  private final Set<ResourceId> proxies = new HashSet<>();
  /** node name → what its callers read of its spec */
  private final Map<String, VirtualNodeSpec> targets = new HashMap<>();

  ProxyDependencies(String mesh) {
    this.mesh = mesh;
  }

  /**
   * Replaces what {@code id} references with what {@code resource} (null: deleted) does. False
   * when the change reaches the resource's own proxy alone: a node whose spec changed where no
   * caller reads it; true for any other change.
   */
  boolean update(ResourceId id, StoredResource resource, SpecParser specs) {
    References old = references.remove(id);
    if (old != null) {
      old.services().forEach(s -> remove(callers, s, id));
      old.providers().forEach(p -> remove(provides, p, id.name()));
      old.targetNodes().forEach(n -> remove(targetedBy, n, id));
    }
    if (id.parentName() != null) {
      ResourceId parent = id.parent();
      if (resource == null) {
        remove(children, parent, id);
      } else {
        children.computeIfAbsent(parent, p -> new HashSet<>()).add(id);
      }
    }
    if (id.kind() == ResourceKind.VIRTUAL_NODE || id.kind() == ResourceKind.VIRTUAL_GATEWAY) {
      if (resource == null) {
        proxies.remove(id);
      } else {
        proxies.add(id);
      }
    }
    if (resource == null) {
      targets.remove(id.name());
      return true;
    }
    References now = referencesOf(resource, specs);
    if (now != NONE) {
      references.put(id, now);
      now.services().forEach(s -> callers.computeIfAbsent(s, k -> new HashSet<>()).add(id));
      now.providers().forEach(p -> provides.computeIfAbsent(p, k -> new HashSet<>()).add(id.name()));
      now.targetNodes().forEach(n -> targetedBy.computeIfAbsent(n, k -> new HashSet<>()).add(id));
    }
    if (id.kind() == ResourceKind.VIRTUAL_NODE) {
      VirtualNodeSpec target = asTarget((VirtualNodeSpec) specs.parse(id, json(resource),
          VirtualNodeSpec.getDefaultInstance()));
      return !target.equals(targets.put(id.name(), target));
    }
    return true;
  }

  /**
   * What a node's callers read of its spec (its listeners and service discovery, see the
   * resolver's TargetNodes and ServiceResolver): the spec less what only its own proxy reads, so a
   * field added to the model later counts as read by callers until it is listed here.
   */
  private static VirtualNodeSpec asTarget(VirtualNodeSpec spec) {
    return spec.toBuilder().clearBackends().clearBackendDefaults().clearLogging().build();
  }

  private static String json(StoredResource resource) {
    return resource.specJson() == null || resource.specJson().isBlank() ? "{}" : resource.specJson();
  }

  private References referencesOf(StoredResource resource, SpecParser specs) {
    ResourceId id = resource.id();
    String json = json(resource);
    switch (id.kind()) {
      case VIRTUAL_NODE -> {
        var spec = (VirtualNodeSpec) specs.parse(id, json, VirtualNodeSpec.getDefaultInstance());
        return new References(
            spec.getBackendsList().stream().map(b -> b.getVirtualService().getVirtualServiceName()).toList(),
            List.of(), List.of());
      }
      case VIRTUAL_SERVICE -> {
        var provider = ((VirtualServiceSpec) specs.parse(id, json, VirtualServiceSpec.getDefaultInstance()))
            .getProvider();
        List<ResourceId> providers = new ArrayList<>();
        if (provider.hasVirtualNode()) {
          providers.add(ResourceId.of(mesh, ResourceKind.VIRTUAL_NODE, provider.getVirtualNode().getVirtualNodeName()));
        }
        if (provider.hasVirtualRouter()) {
          providers.add(
              ResourceId.of(mesh, ResourceKind.VIRTUAL_ROUTER, provider.getVirtualRouter().getVirtualRouterName()));
        }
        return new References(List.of(), providers, List.of());
      }
      case ROUTE -> {
        var spec = (RouteSpec) specs.parse(id, json, RouteSpec.getDefaultInstance());
        List<String> targets = new ArrayList<>();
        for (List<WeightedTarget> declared : List.of(
            spec.getHttpRoute().getAction().getWeightedTargetsList(),
            spec.getHttp2Route().getAction().getWeightedTargetsList(),
            spec.getGrpcRoute().getAction().getWeightedTargetsList(),
            spec.getTcpRoute().getAction().getWeightedTargetsList())) {
          declared.forEach(t -> targets.add(t.getVirtualNode()));
        }
        return new References(List.of(), List.of(), targets);
      }
      case GATEWAY_ROUTE -> {
        var spec = (GatewayRouteSpec) specs.parse(id, json, GatewayRouteSpec.getDefaultInstance());
        List<String> services = new ArrayList<>();
        for (GatewayRouteTarget target : List.of(
            spec.getHttpRoute().getAction().getTarget(),
            spec.getHttp2Route().getAction().getTarget(),
            spec.getGrpcRoute().getAction().getTarget())) {
          services.add(target.getVirtualService().getVirtualServiceName());
        }
        return new References(services, List.of(), List.of());
      }
      default -> {
        // The mesh reaches every proxy (the synthesizer starts over); routers and gateways name nothing.
        return NONE;
      }
    }
  }

  /**
   * The proxies that the {@code changed} resources reach. A changed mesh is not handled here: it
   * reaches every proxy.
   */
  Set<ResourceId> reachedBy(Set<ResourceId> changed) {
    Set<ResourceId> reached = new HashSet<>();
    Set<ResourceId> providers = new HashSet<>();
    Set<String> services = new HashSet<>();
    for (ResourceId id : changed) {
      switch (id.kind()) {
        case VIRTUAL_NODE -> {
          reached.add(id);
          providers.add(id);
          targetedBy.getOrDefault(id.name(), Set.of()).forEach(route -> providers.add(route.parent()));
        }
        case VIRTUAL_GATEWAY -> reached.add(id);
        case GATEWAY_ROUTE, ROUTE -> providers.add(id.parent());
        case VIRTUAL_SERVICE -> services.add(id.name());
        case VIRTUAL_ROUTER -> providers.add(id);
        case MESH -> throw new IllegalArgumentException("a changed mesh reaches every proxy");
      }
    }
    providers.forEach(p -> {
      if (p.kind() == ResourceKind.VIRTUAL_GATEWAY) {
        reached.add(p);
      }
      services.addAll(provides.getOrDefault(p, Set.of()));
    });
    services.forEach(s -> callers.getOrDefault(s, Set.of()).forEach(caller -> reached.add(proxyOf(caller))));
    reached.retainAll(proxies);
    return reached;
  }

  /** Every resource the resolution of {@code reached} reads: the proxies, and what their chains name. */
  Set<ResourceId> readBy(Set<ResourceId> reached) {
    Set<ResourceId> read = new HashSet<>(reached);
    Set<String> services = new HashSet<>();
    for (ResourceId proxy : reached) {
      Set<ResourceId> callers = new HashSet<>(children.getOrDefault(proxy, Set.of()));
      callers.add(proxy);
      read.addAll(callers);
      callers.forEach(c -> services.addAll(references.getOrDefault(c, NONE).services()));
    }
    for (String service : services) {
      ResourceId serviceId = ResourceId.of(mesh, ResourceKind.VIRTUAL_SERVICE, service);
      read.add(serviceId);
      for (ResourceId provider : references.getOrDefault(serviceId, NONE).providers()) {
        read.add(provider);
        for (ResourceId route : children.getOrDefault(provider, Set.of())) {
          read.add(route);
          references.getOrDefault(route, NONE).targetNodes()
              .forEach(n -> read.add(ResourceId.of(mesh, ResourceKind.VIRTUAL_NODE, n)));
        }
      }
    }
    return read;
  }

  /** The proxy a calling resource belongs to: a node itself, a gateway route's gateway. */
  private static ResourceId proxyOf(ResourceId caller) {
    return caller.kind() == ResourceKind.GATEWAY_ROUTE ? caller.parent() : caller;
  }

  private static <K, V> void remove(Map<K, Set<V>> multimap, K key, V value) {
    Set<V> values = multimap.get(key);
    if (values != null && values.remove(value) && values.isEmpty()) {
      multimap.remove(key);
    }
  }
}
