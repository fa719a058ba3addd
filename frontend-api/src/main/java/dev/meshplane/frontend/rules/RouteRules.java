package dev.meshplane.frontend.rules;

import com.google.protobuf.Message;
import dev.meshplane.frontend.rules.ListenerPorts.PortAndProtocol;
import dev.meshplane.frontend.rules.ListenerPorts.RouteBinding;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.Violation;
import dev.meshplane.model.appmesh.GrpcRetryPolicy;
import dev.meshplane.model.appmesh.HttpRetryPolicy;
import dev.meshplane.model.appmesh.HttpRoute;
import dev.meshplane.model.appmesh.RouteSpec;
import dev.meshplane.model.appmesh.VirtualRouterSpec;
import dev.meshplane.model.appmesh.WeightedTarget;
import dev.meshplane.store.Precondition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Routes: exactly one route type, which its virtual router must listen for; a path to match;
 * weighted targets that send traffic somewhere; retry policies that name what to retry; target
 * virtual nodes that exist.
 */
public final class RouteRules implements KindRules<RouteSpec> {
  @Override
  public ResourceKind kind() {
    return ResourceKind.ROUTE;
  }

  @Override
  public RouteSpec typed(Message spec) {
    return Specs.typed(spec, RouteSpec.getDefaultInstance());
  }

  @Override
  public List<Violation> validate(RouteSpec spec) {
    ViolationList violations = new ViolationList();
    Map<String, Boolean> types = new LinkedHashMap<>();
    types.put("grpcRoute", spec.hasGrpcRoute());
    types.put("http2Route", spec.hasHttp2Route());
    types.put("httpRoute", spec.hasHttpRoute());
    types.put("tcpRoute", spec.hasTcpRoute());
    violations.exactlyOne("spec", types);
    if (spec.hasHttpRoute()) {
      checkHttp(violations, "spec.httpRoute", spec.getHttpRoute());
    }
    if (spec.hasHttp2Route()) {
      checkHttp(violations, "spec.http2Route", spec.getHttp2Route());
    }
    if (spec.hasGrpcRoute()) {
      var grpc = spec.getGrpcRoute();
      checkTargets(violations, "spec.grpcRoute.action.weightedTargets", grpc.getAction().getWeightedTargetsList());
      if (grpc.hasRetryPolicy()) {
        GrpcRetryPolicy retry = grpc.getRetryPolicy();
        if (retry.getGrpcRetryEventsCount() + retry.getHttpRetryEventsCount() + retry.getTcpRetryEventsCount() == 0) {
          violations.add(
              "spec.grpcRoute.retryPolicy",
              "must name at least one of grpcRetryEvents, httpRetryEvents, tcpRetryEvents");
        }
      }
      if (grpc.getMatch().hasMethodName() && !grpc.getMatch().hasServiceName()) {
        violations.add("spec.grpcRoute.match.methodName", "needs spec.grpcRoute.match.serviceName");
      }
    }
    if (spec.hasTcpRoute()) {
      checkTargets(violations, "spec.tcpRoute.action.weightedTargets", spec.getTcpRoute().getAction().getWeightedTargetsList());
    }
    return violations.toList();
  }

  private static void checkHttp(ViolationList violations, String path, HttpRoute route) {
    var match = route.getMatch();
    // A match on the port alone is App Mesh's multiple-listeners pattern; it matches prefix "/".
    if (match.hasPrefix() && match.hasPath()) {
      violations.add(path + ".match", "set either prefix or path, not both");
    } else if (!match.hasPrefix() && !match.hasPath() && !match.hasPort()) {
      violations.add(path + ".match", "must set one of prefix, path, or port (a port alone matches prefix /)");
    }
    if (match.hasPrefix() && !match.getPrefix().startsWith("/")) {
      violations.add(path + ".match.prefix", "must start with /, got \"" + match.getPrefix() + "\"");
    }
    checkTargets(violations, path + ".action.weightedTargets", route.getAction().getWeightedTargetsList());
    if (route.hasRetryPolicy()) {
      HttpRetryPolicy retry = route.getRetryPolicy();
      if (retry.getHttpRetryEventsCount() + retry.getTcpRetryEventsCount() == 0) {
        violations.add(path + ".retryPolicy", "must name at least one of httpRetryEvents, tcpRetryEvents");
      }
      for (int i = 0; i < retry.getHttpRetryEventsCount(); i++) {
        String event = retry.getHttpRetryEvents(i);
        if (!HTTP_RETRY_EVENTS.contains(event)) {
          violations.add(
              path + ".retryPolicy.httpRetryEvents[" + i + "]",
              "must be one of " + String.join(", ", HTTP_RETRY_EVENTS) + "; got \"" + event + "\"");
        }
      }
    }
  }

  /** The HTTP retry events App Mesh documents (the model leaves them a free string). */
  private static final Set<String> HTTP_RETRY_EVENTS =
      new LinkedHashSet<>(List.of("server-error", "gateway-error", "client-error", "stream-error"));

  private static void checkTargets(ViolationList violations, String path, List<WeightedTarget> targets) {
    if (!targets.isEmpty() && targets.stream().mapToInt(WeightedTarget::getWeight).sum() == 0) {
      violations.add(path, "at least one weighted target must have a weight greater than 0");
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      WeightedTarget target = targets.get(i);
      String key = target.getVirtualNode() + (target.hasPort() ? ":" + target.getPort() : "");
      Integer earlier = seen.putIfAbsent(key, i);
      if (earlier != null) {
        violations.add(path + "[" + i + "]", "targets " + key + " again (already " + path + "[" + earlier + "])");
      }
    }
  }

  @Override
  public Set<ResourceId> references(ResourceId id, RouteSpec spec) {
    Set<ResourceId> nodes = new LinkedHashSet<>();
    for (WeightedTarget target : targets(spec)) {
      nodes.add(ResourceId.of(id.mesh(), ResourceKind.VIRTUAL_NODE, target.getVirtualNode()));
    }
    return nodes;
  }

  private static List<WeightedTarget> targets(RouteSpec spec) {
    if (spec.hasHttpRoute()) {
      return spec.getHttpRoute().getAction().getWeightedTargetsList();
    }
    if (spec.hasHttp2Route()) {
      return spec.getHttp2Route().getAction().getWeightedTargetsList();
    }
    if (spec.hasGrpcRoute()) {
      return spec.getGrpcRoute().getAction().getWeightedTargetsList();
    }
    if (spec.hasTcpRoute()) {
      return spec.getTcpRoute().getAction().getWeightedTargetsList();
    }
    return List.of();
  }

  @Override
  public List<Precondition> preconditions(ResourceId id, RouteSpec spec) {
    List<Precondition> preconditions = new ArrayList<>();
    RouteBinding binding = binding(spec);
    preconditions.add(ListenerPorts.precondition(
        id.parent(),
        "virtual router " + id.parentName(),
        router -> Specs.of(router, VirtualRouterSpec.getDefaultInstance()).getListenersList().stream()
            .map(l -> new PortAndProtocol(l.getPortMapping().getPort(), l.getPortMapping().getProtocol()))
            .toList(),
        binding));
    List<WeightedTarget> targets = targets(spec);
    for (int i = 0; i < targets.size(); i++) {
      if (!targets.get(i).hasPort()) {
        preconditions.add(TargetPorts.virtualNode(
            ResourceId.of(id.mesh(), ResourceKind.VIRTUAL_NODE, targets.get(i).getVirtualNode()),
            binding.typePath() + ".action.weightedTargets[" + i + "]"));
      }
    }
    return preconditions;
  }

  private static RouteBinding binding(RouteSpec spec) {
    if (spec.hasHttpRoute()) {
      var match = spec.getHttpRoute().getMatch();
      return new RouteBinding("spec.httpRoute", "http", match.hasPort() ? match.getPort() : null);
    }
    if (spec.hasHttp2Route()) {
      var match = spec.getHttp2Route().getMatch();
      return new RouteBinding("spec.http2Route", "http2", match.hasPort() ? match.getPort() : null);
    }
    if (spec.hasGrpcRoute()) {
      var match = spec.getGrpcRoute().getMatch();
      return new RouteBinding("spec.grpcRoute", "grpc", match.hasPort() ? match.getPort() : null);
    }
    var tcp = spec.getTcpRoute();
    return new RouteBinding("spec.tcpRoute", "tcp", tcp.hasMatch() && tcp.getMatch().hasPort() ? tcp.getMatch().getPort() : null);
  }
}
