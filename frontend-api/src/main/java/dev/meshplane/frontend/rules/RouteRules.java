package dev.meshplane.frontend.rules;

import dev.meshplane.frontend.rules.ListenerPorts.PortAndProtocol;
import dev.meshplane.frontend.rules.ListenerPorts.RouteBinding;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.Violation;
import dev.meshplane.model.appmesh.GrpcRetryPolicy;
import dev.meshplane.model.appmesh.GrpcRoute;
import dev.meshplane.model.appmesh.HttpRetryPolicy;
import dev.meshplane.model.appmesh.HttpRoute;
import dev.meshplane.model.appmesh.RouteSpec;
import dev.meshplane.model.appmesh.VirtualRouterSpec;
import dev.meshplane.model.appmesh.WeightedTarget;
import dev.meshplane.model.vocabulary.RetryEvent;
import dev.meshplane.model.vocabulary.RouteKind;
import dev.meshplane.store.Precondition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Routes: exactly one route type, which its virtual router must listen for; a path to match;
 * weighted targets that send traffic somewhere; retry policies that name what to retry; target
 * virtual nodes that exist.
 */
public final class RouteRules extends SpecRules<RouteSpec> {
  public RouteRules() {
    super(ResourceKind.ROUTE, RouteSpec.getDefaultInstance());
  }

  @Override
  public List<Violation> validate(RouteSpec spec) {
    ViolationList violations = new ViolationList();
    violations.exactlyOne("spec", routeTypes(kind -> kind.isSetIn(spec), true));
    for (RouteKind kind : RouteKind.declared(spec)) {
      String path = "spec." + kind.member();
      switch (kind) {
        case HTTP, HTTP2 -> checkHttp(violations, path, kind.httpRoute(spec));
        case GRPC -> checkGrpc(violations, path, spec.getGrpcRoute());
        case TCP -> checkTargets(violations, path + ".action.weightedTargets", kind.weightedTargets(spec));
      }
    }
    return violations.toList();
  }

  /** The route type members in the order messages list them, each mapped to whether it is set. */
  static Map<String, Boolean> routeTypes(Predicate<RouteKind> set, boolean withTcp) {
    Map<String, Boolean> types = new LinkedHashMap<>();
    for (RouteKind kind : RouteKind.values()) {
      if (withTcp || kind.forGateways()) {
        types.put(kind.member(), set.test(kind));
      }
    }
    return types;
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
      checkRetryEvents(violations, path + ".retryPolicy", RetryEvent.Family.HTTP, retry.getHttpRetryEventsList());
      checkRetryEvents(violations, path + ".retryPolicy", RetryEvent.Family.TCP, retry.getTcpRetryEventsList());
    }
  }

  private static void checkGrpc(ViolationList violations, String path, GrpcRoute grpc) {
    checkTargets(violations, path + ".action.weightedTargets", grpc.getAction().getWeightedTargetsList());
    if (grpc.hasRetryPolicy()) {
      GrpcRetryPolicy retry = grpc.getRetryPolicy();
      if (retry.getGrpcRetryEventsCount() + retry.getHttpRetryEventsCount() + retry.getTcpRetryEventsCount() == 0) {
        violations.add(path + ".retryPolicy", "must name at least one of grpcRetryEvents, httpRetryEvents, tcpRetryEvents");
      }
      checkRetryEvents(violations, path + ".retryPolicy", RetryEvent.Family.GRPC, retry.getGrpcRetryEventsList());
      checkRetryEvents(violations, path + ".retryPolicy", RetryEvent.Family.HTTP, retry.getHttpRetryEventsList());
      checkRetryEvents(violations, path + ".retryPolicy", RetryEvent.Family.TCP, retry.getTcpRetryEventsList());
    }
    if (grpc.getMatch().hasMethodName() && !grpc.getMatch().hasServiceName()) {
      violations.add(path + ".match.methodName", "needs " + path + ".match.serviceName");
    }
  }

  /** The model leaves HTTP events a free string; every list is checked against the one vocabulary. */
  private static void checkRetryEvents(
      ViolationList violations, String path, RetryEvent.Family family, List<String> events) {
    for (int i = 0; i < events.size(); i++) {
      if (RetryEvent.parse(family, events.get(i)).isEmpty()) {
        violations.add(path + "." + family.field() + "[" + i + "]",
            "must be one of " + String.join(", ", family.names()) + "; got \"" + events.get(i) + "\"");
      }
    }
  }

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
    return RouteKind.of(spec).map(kind -> kind.weightedTargets(spec)).orElse(List.of());
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
    RouteKind kind = RouteKind.of(spec).orElse(RouteKind.TCP);
    return new RouteBinding("spec." + kind.member(), kind.protocol().wireName(), kind.matchPort(spec).orElse(null));
  }
}
