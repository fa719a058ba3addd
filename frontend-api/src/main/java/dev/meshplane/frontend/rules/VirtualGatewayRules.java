package dev.meshplane.frontend.rules;

import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.Violation;
import dev.meshplane.model.appmesh.VirtualGatewayListener;
import dev.meshplane.model.appmesh.VirtualGatewaySpec;
import java.util.List;

/** Virtual gateways: distinct listener ports and per-protocol settings that match the listener. */
public final class VirtualGatewayRules extends SpecRules<VirtualGatewaySpec> {
  public VirtualGatewayRules() {
    super(ResourceKind.VIRTUAL_GATEWAY, VirtualGatewaySpec.getDefaultInstance());
  }

  @Override
  public List<Violation> validate(VirtualGatewaySpec spec) {
    ViolationList violations = new ViolationList();
    violations.distinctPorts(
        "spec.listeners", spec.getListenersList().stream().map(l -> l.getPortMapping().getPort()).toList());
    for (int i = 0; i < spec.getListenersCount(); i++) {
      checkListener(violations, "spec.listeners[" + i + "]", spec.getListeners(i));
    }
    return violations.toList();
  }

  private static void checkListener(ViolationList violations, String path, VirtualGatewayListener listener) {
    String protocol = listener.getPortMapping().getProtocol();
    if (listener.hasConnectionPool()) {
      var p = listener.getConnectionPool();
      ListenerChecks.settingMatchesProtocol(
          violations,
          path + ".connectionPool",
          protocol,
          VirtualNodeRules.members(p.hasGrpc(), p.hasHttp(), p.hasHttp2(), false));
    }
    if (listener.hasHealthCheck()) {
      var health = listener.getHealthCheck();
      ListenerChecks.healthCheckPath(violations, path + ".healthCheck", health.getProtocol(), health.hasPath());
    }
  }
}
