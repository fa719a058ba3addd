package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.vocabulary.Protocol;
import dev.meshplane.model.appmesh.GrpcRoute;
import dev.meshplane.model.appmesh.HttpRoute;
import dev.meshplane.model.appmesh.RouteSpec;
import dev.meshplane.model.appmesh.VirtualRouterSpec;
import dev.meshplane.model.appmesh.VirtualServiceSpec;
import dev.meshplane.model.appmesh.WeightedTarget;
import dev.meshplane.model.vocabulary.IpPreference;
import dev.meshplane.model.vocabulary.RouteKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Follows a virtual service to its provider: a virtual router's routes (in App Mesh match order,
 * targets resolved) or one implicit route per listener of a providing node. Results are cached per
 * service, since every caller of a service sees the same routes.
 */
final class ServiceResolver {
  private final MeshSpecs specs;
  private final TargetNodes targets;
  private final Map<String, ServiceResolution> cache = new HashMap<>();

  ServiceResolver(MeshSpecs specs) {
    this.specs = specs;
    this.targets = new TargetNodes(specs);
  }

  /** The mesh's IP preference, if it states one. */
  Optional<IpPreference> meshIpPreference() {
    return targets.meshIpPreference();
  }

  ServiceResolution resolve(String serviceName) {
    return cache.computeIfAbsent(serviceName, this::resolveUncached);
  }

  private ServiceResolution resolveUncached(String serviceName) {
    List<String> warnings = new ArrayList<>();
    VirtualServiceSpec service = specs.services.get(serviceName);
    if (service == null) {
      warnings.add("virtual service " + serviceName + " does not exist");
      return new ServiceResolution(List.of(), List.of(), warnings);
    }
    var provider = service.getProvider();
    if (provider.hasVirtualNode()) {
      return viaNode(serviceName, provider.getVirtualNode().getVirtualNodeName(), warnings);
    }
    if (provider.hasVirtualRouter()) {
      return viaRouter(serviceName, provider.getVirtualRouter().getVirtualRouterName(), warnings);
    }
    warnings.add("virtual service " + serviceName + " has no provider");
    return new ServiceResolution(List.of(), List.of(), warnings);
  }

  private ServiceResolution viaNode(String serviceName, String nodeName, List<String> warnings) {
    var node = specs.nodes.get(nodeName);
    if (node == null) {
      warnings.add("virtual service " + serviceName + ": provider virtual node " + nodeName + " does not exist");
      return new ServiceResolution(List.of(), List.of(), warnings);
    }
    List<PortProtocol> ports = new ArrayList<>();
    List<ResolvedRoute> routes = new ArrayList<>();
    for (var listener : node.getListenersList()) {
      int port = listener.getPortMapping().getPort();
      Protocol protocol = Protocol.of(listener.getPortMapping().getProtocol());
      List<String> targetWarnings = new ArrayList<>();
      Optional<TargetNode> target = targets.find(nodeName, Optional.of(port), targetWarnings);
      prefix(serviceName, targetWarnings, warnings);
      if (target.isEmpty()) {
        continue;
      }
      ports.add(new PortProtocol(port, protocol));
      routes.add(new ResolvedRoute(
          serviceName,
          protocol,
          port,
          Optional.empty(),
          List.of(new TargetWeight(target.get(), 1)),
          protocol.isHttpFamily() ? Retries.APP_MESH_DEFAULT : Retries.NONE,
          Timeouts.NONE));
    }
    return new ServiceResolution(ports, routes, warnings);
  }

  private ServiceResolution viaRouter(String serviceName, String routerName, List<String> warnings) {
    VirtualRouterSpec router = specs.routers.get(routerName);
    if (router == null) {
      warnings.add("virtual service " + serviceName + ": provider virtual router " + routerName + " does not exist");
      return new ServiceResolution(List.of(), List.of(), warnings);
    }
    List<PortProtocol> ports =
        router.getListenersList().stream()
            .map(l -> new PortProtocol(l.getPortMapping().getPort(), Protocol.of(l.getPortMapping().getProtocol())))
            .distinct()
            .toList();
    List<ResolvedRoute> routes = new ArrayList<>();
    var ordered = new ArrayList<>(specs.routesOf(routerName).entrySet());
    ordered.sort(RouteOrder.ROUTES);
    for (var entry : ordered) {
      String context = "virtual router " + routerName + " route " + entry.getKey();
      for (PortProtocol port : ports) {
        route(entry.getKey(), entry.getValue(), port, context, warnings).ifPresent(routes::add);
      }
    }
    return new ServiceResolution(ports, routes, warnings);
  }

  /** The route as served on one router listener, if it applies there. */
  private Optional<ResolvedRoute> route(
      String name, RouteSpec spec, PortProtocol listener, String context, List<String> warnings) {
    Optional<RouteKind> kind = RouteKind.of(spec);
    if (kind.isEmpty()) {
      warnings.add(context + " has no route type");
      return Optional.empty();
    }
    Protocol protocol = kind.get().protocol();
    Optional<Integer> matchPort = kind.get().matchPort(spec);
    if (matchPort.isPresent() ? matchPort.get() != listener.port() : protocol != listener.protocol()) {
      return Optional.empty();
    }
    if (protocol != listener.protocol()) {
      warnings.add(context + " is " + protocol.wireName() + " but listener port " + listener.port()
          + " is " + listener.protocol().wireName());
      return Optional.empty();
    }
    List<TargetWeight> resolved = new ArrayList<>();
    for (WeightedTarget t : kind.get().weightedTargets(spec)) {
      List<String> targetWarnings = new ArrayList<>();
      targets.find(t.getVirtualNode(), t.hasPort() ? Optional.of(t.getPort()) : Optional.empty(), targetWarnings)
          .ifPresent(target -> resolved.add(new TargetWeight(target, t.getWeight())));
      prefix(context, targetWarnings, warnings);
    }
    if (resolved.isEmpty()) {
      warnings.add(context + " has no resolvable target; left out");
      return Optional.empty();
    }
    return Optional.of(switch (kind.get()) {
      case HTTP, HTTP2 -> {
        HttpRoute http = kind.get().httpRoute(spec);
        yield new ResolvedRoute(name, protocol, listener.port(), Optional.of(Matches.of(http.getMatch())),
            resolved, RoutePolicies.retries(http, context, warnings), RoutePolicies.timeouts(http));
      }
      case GRPC -> {
        GrpcRoute grpc = spec.getGrpcRoute();
        yield new ResolvedRoute(name, protocol, listener.port(), Optional.of(Matches.of(grpc.getMatch())),
            resolved, RoutePolicies.retries(grpc, context, warnings), RoutePolicies.timeouts(grpc));
      }
      case TCP -> new ResolvedRoute(name, protocol, listener.port(), Optional.empty(),
          resolved, Retries.NONE,
          spec.getTcpRoute().hasTimeout() ? ListenerPolicies.timeouts(spec.getTcpRoute().getTimeout()) : Timeouts.NONE);
    });
  }

  private static void prefix(String context, List<String> from, List<String> to) {
    from.forEach(w -> to.add(context + ": " + w));
  }
}
