package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.appmesh.ClientPolicy;
import dev.meshplane.model.appmesh.GatewayRouteSpec;
import dev.meshplane.model.appmesh.GatewayRouteTarget;
import dev.meshplane.model.appmesh.Listener;
import dev.meshplane.model.appmesh.VirtualGatewaySpec;
import dev.meshplane.model.appmesh.VirtualNodeSpec;
import dev.meshplane.model.vocabulary.EgressFilterType;
import dev.meshplane.model.vocabulary.Protocol;
import dev.meshplane.model.vocabulary.RouteKind;
import dev.meshplane.store.MeshSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Step one of synthesis, pure: a mesh snapshot into one resolved record per proxy. References are
 * followed (backend → virtual service → router → routes → target nodes), App Mesh's defaults are
 * applied, and a reference that does not resolve is left out with a warning, never an exception.
 */
public final class MeshGraphResolver {

  public MeshGraph resolve(MeshSnapshot snapshot) {
    return resolve(snapshot, SpecParser.PLAIN, proxy -> true);
  }

  /**
   * Only the proxies {@code selected} accepts (their virtual node or gateway id), with specs parsed
   * by {@code parser}: what an incremental pass re-synthesizes.
   */
  public MeshGraph resolve(MeshSnapshot snapshot, SpecParser parser, Predicate<ResourceId> selected) {
    MeshSpecs specs = MeshSpecs.of(snapshot, parser);
    ServiceResolver services = new ServiceResolver(specs);
    EgressMode egress = EgressFilterType.of(specs.mesh.getEgressFilter().getType()) == EgressFilterType.ALLOW_ALL
        ? EgressMode.ALLOW_ALL : EgressMode.DROP_ALL;
    List<NodeProxy> nodes = new ArrayList<>();
    specs.nodes.forEach((name, spec) -> {
      if (selected.test(ResourceId.of(snapshot.mesh(), ResourceKind.VIRTUAL_NODE, name))) {
        nodes.add(node(snapshot.mesh(), name, spec, egress, services));
      }
    });
    List<GatewayProxy> gateways = new ArrayList<>();
    specs.gateways.forEach((name, spec) -> {
      if (selected.test(ResourceId.of(snapshot.mesh(), ResourceKind.VIRTUAL_GATEWAY, name))) {
        gateways.add(gateway(snapshot.mesh(), name, spec, specs, services));
      }
    });
    return new MeshGraph(snapshot.mesh(), snapshot.generation(), nodes, gateways);
  }

  private NodeProxy node(String mesh, String name, VirtualNodeSpec spec, EgressMode egress, ServiceResolver services) {
    String key = "mesh/" + mesh + "/virtualNode/" + name;
    List<String> warnings = new ArrayList<>();
    List<LocalListener> listeners = new ArrayList<>();
    for (Listener l : spec.getListenersList()) {
      listeners.add(new LocalListener(
          l.getPortMapping().getPort(),
          Protocol.of(l.getPortMapping().getProtocol()),
          l.hasTimeout() ? ListenerPolicies.timeouts(l.getTimeout()) : Timeouts.NONE,
          l.hasConnectionPool() ? ListenerPolicies.limits(l.getConnectionPool()) : ConnectionLimits.APP_MESH_DEFAULT,
          l.hasTls() ? TlsPolicies.termination(l.getTls()) : Optional.empty()));
    }
    // The backend's own client policy replaces the node's backend defaults.
    Map<String, ClientPolicy> policies = new TreeMap<>();
    for (var backend : spec.getBackendsList()) {
      var vs = backend.getVirtualService();
      ClientPolicy policy = vs.hasClientPolicy() ? vs.getClientPolicy() : spec.getBackendDefaults().getClientPolicy();
      policies.putIfAbsent(vs.getVirtualServiceName(), policy);
    }
    List<ResolvedBackend> backends = new ArrayList<>();
    policies.forEach((serviceName, policy) -> {
      ServiceResolution resolution = services.resolve(serviceName);
      resolution.warnings().forEach(w -> warnings.add(key + ": backend " + serviceName + ": " + w));
      if (resolution.usable()) {
        backends.add(new ResolvedBackend(
            serviceName, resolution.ports(), resolution.routes(), TlsPolicies.origination(policy)));
      }
    });
    ProxyAddresses addresses = ProxyAddresses.of(TargetNodes.ipPreference(spec, services.meshIpPreference()));
    return new NodeProxy(
        mesh, name, addresses, listeners, backends, egress, AccessLogs.of(spec.getLogging()), warnings);
  }

  private GatewayProxy gateway(
      String mesh, String name, VirtualGatewaySpec spec, MeshSpecs specs, ServiceResolver services) {
    String key = "mesh/" + mesh + "/virtualGateway/" + name;
    List<String> warnings = new ArrayList<>();
    List<GatewayPort> listeners =
        spec.getListenersList().stream()
            .map(l -> new GatewayPort(
                l.getPortMapping().getPort(),
                Protocol.of(l.getPortMapping().getProtocol()),
                l.hasTls() ? TlsPolicies.termination(l.getTls()) : Optional.empty()))
            .toList();
    ConnectionLimits limits = spec.getListenersList().stream()
        .filter(l -> l.hasConnectionPool())
        .map(l -> ListenerPolicies.limits(l.getConnectionPool()))
        .reduce(ConnectionLimits.APP_MESH_DEFAULT, ConnectionLimits::tightest);
    Optional<TlsOrigination> tls = TlsPolicies.origination(spec.getBackendDefaults().getClientPolicy());
    var ordered = new ArrayList<>(specs.gatewayRoutesOf(name).entrySet());
    ordered.sort(RouteOrder.GATEWAY_ROUTES);
    List<ResolvedGatewayRoute> routes = new ArrayList<>();
    for (var entry : ordered) {
      gatewayRoute(entry.getKey(), entry.getValue(), tls, services, key, warnings).ifPresent(routes::add);
    }
    // A gateway has no discovery of its own: the mesh's preference applies.
    ProxyAddresses addresses = ProxyAddresses.of(services.meshIpPreference());
    return new GatewayProxy(
        mesh, name, addresses, listeners, limits, routes, AccessLogs.of(spec.getLogging()), warnings);
  }

  private Optional<ResolvedGatewayRoute> gatewayRoute(
      String name,
      GatewayRouteSpec spec,
      Optional<TlsOrigination> tls,
      ServiceResolver services,
      String key,
      List<String> warnings) {
    String context = key + ": gateway route " + name;
    Optional<RouteKind> kind = RouteKind.of(spec);
    if (kind.isEmpty()) {
      warnings.add(context + " has no route type");
      return Optional.empty();
    }
    GatewayRouteTarget target = kind.get().target(spec);
    String serviceName = target.getVirtualService().getVirtualServiceName();
    ServiceResolution resolution = services.resolve(serviceName);
    resolution.warnings().forEach(w -> warnings.add(context + ": " + w));
    if (!resolution.usable()) {
      return Optional.empty();
    }
    Optional<Integer> port =
        target.hasPort()
            ? resolution.ports().stream().map(PortProtocol::port).filter(p -> p == target.getPort()).findFirst()
            : resolution.ports().size() == 1 ? Optional.of(resolution.ports().get(0).port()) : Optional.empty();
    if (port.isEmpty()) {
      warnings.add(context + ": virtual service " + serviceName
          + (target.hasPort() ? " has no port " + target.getPort() : " has several ports and the target names none"));
      return Optional.empty();
    }
    ResolvedBackend backend = new ResolvedBackend(serviceName, resolution.ports(), resolution.routes(), tls);
    return Optional.of(GatewayRewrites.resolve(name, kind.get(), spec, backend, port.get()));
  }
}
