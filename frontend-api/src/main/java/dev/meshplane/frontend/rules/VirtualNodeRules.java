package dev.meshplane.frontend.rules;

import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.Violation;
import dev.meshplane.model.appmesh.Listener;
import dev.meshplane.model.appmesh.VirtualNodeSpec;
import dev.meshplane.model.vocabulary.Protocol;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Virtual nodes: distinct listener ports; per-protocol settings that match the listener; service
 * discovery wherever there is a listener (other nodes must be able to reach it); distinct backends.
 */
public final class VirtualNodeRules extends SpecRules<VirtualNodeSpec> {
  public VirtualNodeRules() {
    super(ResourceKind.VIRTUAL_NODE, VirtualNodeSpec.getDefaultInstance());
  }

  @Override
  public List<Violation> validate(VirtualNodeSpec spec) {
    ViolationList violations = new ViolationList();
    violations.distinctPorts(
        "spec.listeners", spec.getListenersList().stream().map(l -> l.getPortMapping().getPort()).toList());
    for (int i = 0; i < spec.getListenersCount(); i++) {
      checkListener(violations, "spec.listeners[" + i + "]", spec.getListeners(i));
    }
    if (spec.getListenersCount() > 0 && !spec.hasServiceDiscovery()) {
      violations.add(
          "spec.serviceDiscovery", "is required when the virtual node has listeners (dns or awsCloudMap)");
    }
    Map<String, Integer> backendIndex = new HashMap<>();
    for (int i = 0; i < spec.getBackendsCount(); i++) {
      var backend = spec.getBackends(i);
      if (!backend.hasVirtualService()) {
        continue;
      }
      Integer earlier = backendIndex.putIfAbsent(backend.getVirtualService().getVirtualServiceName(), i);
      if (earlier != null) {
        violations.add(
            "spec.backends[" + i + "].virtualService.virtualServiceName",
            "\"" + backend.getVirtualService().getVirtualServiceName() + "\" is already a backend at spec.backends["
                + earlier + "]");
      }
    }
    return violations.toList();
  }

  private static void checkListener(ViolationList violations, String path, Listener listener) {
    String protocol = listener.getPortMapping().getProtocol();
    if (listener.hasTimeout()) {
      var t = listener.getTimeout();
      ListenerChecks.settingMatchesProtocol(
          violations, path + ".timeout", protocol, members(t.hasGrpc(), t.hasHttp(), t.hasHttp2(), t.hasTcp()));
    }
    if (listener.hasConnectionPool()) {
      var p = listener.getConnectionPool();
      ListenerChecks.settingMatchesProtocol(
          violations, path + ".connectionPool", protocol, members(p.hasGrpc(), p.hasHttp(), p.hasHttp2(), p.hasTcp()));
    }
    if (listener.hasHealthCheck()) {
      var health = listener.getHealthCheck();
      ListenerChecks.healthCheckPath(violations, path + ".healthCheck", health.getProtocol(), health.hasPath());
    }
  }

  static Map<String, Boolean> members(boolean grpc, boolean http, boolean http2, boolean tcp) {
    Map<String, Boolean> set = new LinkedHashMap<>();
    set.put(Protocol.GRPC.wireName(), grpc);
    set.put(Protocol.HTTP.wireName(), http);
    set.put(Protocol.HTTP2.wireName(), http2);
    set.put(Protocol.TCP.wireName(), tcp);
    return set;
  }
}
