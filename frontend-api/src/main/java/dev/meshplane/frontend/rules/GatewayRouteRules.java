package dev.meshplane.frontend.rules;

import dev.meshplane.frontend.rules.ListenerPorts.PortAndProtocol;
import dev.meshplane.frontend.rules.ListenerPorts.RouteBinding;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.Violation;
import dev.meshplane.model.appmesh.GatewayRouteSpec;
import dev.meshplane.model.appmesh.GatewayRouteTarget;
import dev.meshplane.model.appmesh.HttpGatewayRoute;
import dev.meshplane.model.appmesh.VirtualGatewaySpec;
import dev.meshplane.model.vocabulary.RouteKind;
import dev.meshplane.store.Precondition;
import java.util.List;
import java.util.Set;

/**
 * Gateway routes: exactly one route type, which the virtual gateway must listen for; prefix and
 * path matches that are paths; rewrites that fit the match; a target virtual service that exists.
 */
public final class GatewayRouteRules extends SpecRules<GatewayRouteSpec> {
  public GatewayRouteRules() {
    super(ResourceKind.GATEWAY_ROUTE, GatewayRouteSpec.getDefaultInstance());
  }

  @Override
  public List<Violation> validate(GatewayRouteSpec spec) {
    ViolationList violations = new ViolationList();
    violations.exactlyOne("spec", RouteRules.routeTypes(kind -> kind.isSetIn(spec), false));
    for (RouteKind kind : RouteKind.declared(spec)) {
      if (kind != RouteKind.GRPC) {
        checkHttp(violations, "spec." + kind.member(), kind.httpRoute(spec));
      }
    }
    return violations.toList();
  }

  private static void checkHttp(ViolationList violations, String path, HttpGatewayRoute route) {
    var match = route.getMatch();
    if (match.hasPrefix() && match.hasPath()) {
      violations.add(path + ".match", "set either prefix or path, not both");
    }
    if (!match.hasPrefix() && !match.hasPath() && !match.hasHostname() && match.getHeadersCount() == 0
        && match.getQueryParametersCount() == 0 && !match.hasMethod() && !match.hasPort()) {
      violations.add(path + ".match",
          "must match on at least one of prefix, path, hostname, headers, queryParameters, method, port");
    }
    if (match.hasPrefix() && !match.getPrefix().startsWith("/")) {
      violations.add(path + ".match.prefix", "must start with /, got \"" + match.getPrefix() + "\"");
    }
    if (!route.getAction().hasRewrite()) {
      return;
    }
    var rewrite = route.getAction().getRewrite();
    if (rewrite.hasPrefix()) {
      var prefix = rewrite.getPrefix();
      if (!match.hasPrefix()) {
        violations.add(path + ".action.rewrite.prefix", "needs " + path + ".match.prefix to rewrite");
      }
      if (prefix.hasDefaultPrefix() == prefix.hasValue()) {
        violations.add(path + ".action.rewrite.prefix", "exactly one of defaultPrefix, value must be set");
      }
      if (prefix.hasValue() && !prefix.getValue().startsWith("/")) {
        violations.add(path + ".action.rewrite.prefix.value", "must start with /, got \"" + prefix.getValue() + "\"");
      }
    }
    if (rewrite.hasPath() && !match.hasPath()) {
      violations.add(path + ".action.rewrite.path", "needs " + path + ".match.path to rewrite");
    }
    if (rewrite.hasPath() && rewrite.hasPrefix()) {
      violations.add(path + ".action.rewrite", "set either prefix or path, not both");
    }
  }

  @Override
  public Set<ResourceId> references(ResourceId id, GatewayRouteSpec spec) {
    GatewayRouteTarget target = target(spec);
    if (target == null || !target.hasVirtualService()) {
      return Set.of();
    }
    return Set.of(
        ResourceId.of(id.mesh(), ResourceKind.VIRTUAL_SERVICE, target.getVirtualService().getVirtualServiceName()));
  }

  private static GatewayRouteTarget target(GatewayRouteSpec spec) {
    return RouteKind.of(spec).map(kind -> kind.target(spec)).orElse(null);
  }

  @Override
  public List<Precondition> preconditions(ResourceId id, GatewayRouteSpec spec) {
    RouteBinding binding = binding(spec);
    Precondition listeners = ListenerPorts.precondition(
        id.parent(),
        "virtual gateway " + id.parentName(),
        gateway -> Specs.of(gateway, VirtualGatewaySpec.getDefaultInstance()).getListenersList().stream()
            .map(l -> new PortAndProtocol(l.getPortMapping().getPort(), l.getPortMapping().getProtocol()))
            .toList(),
        binding);
    GatewayRouteTarget target = target(spec);
    if (target == null || !target.hasVirtualService() || target.hasPort()) {
      return List.of(listeners);
    }
    return List.of(listeners, TargetPorts.virtualService(
        ResourceId.of(id.mesh(), ResourceKind.VIRTUAL_SERVICE, target.getVirtualService().getVirtualServiceName()),
        binding.typePath() + ".action.target"));
  }

  private static RouteBinding binding(GatewayRouteSpec spec) {
    RouteKind kind = RouteKind.of(spec).orElse(RouteKind.GRPC);
    return new RouteBinding("spec." + kind.member(), kind.protocol().wireName(), kind.matchPort(spec).orElse(null));
  }
}
