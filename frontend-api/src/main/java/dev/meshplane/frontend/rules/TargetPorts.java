package dev.meshplane.frontend.rules;

import dev.meshplane.frontend.rules.ListenerPorts.PortAndProtocol;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.appmesh.VirtualNodeSpec;
import dev.meshplane.model.appmesh.VirtualRouterSpec;
import dev.meshplane.model.appmesh.VirtualServiceSpec;
import dev.meshplane.store.Precondition;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * App Mesh requires a target's {@code port} when the target has several listeners (a route's
 * weighted target virtual node; a gateway route's target virtual service, whose provider router or
 * node has the listeners): there is no port to guess. Checked in the write against the target as
 * it is then.
 */
final class TargetPorts {
  private TargetPorts() {}

  /** A route's weighted target at {@code path} (e.g. {@code spec.httpRoute.action.weightedTargets[0]}) without a port. */
  static Precondition virtualNode(ResourceId node, String path) {
    return new Precondition(node, stored -> required(
        path, "virtual node " + node.name(), listeners(Specs.of(stored, VirtualNodeSpec.getDefaultInstance()))));
  }

  /** A gateway route's target at {@code path} (e.g. {@code spec.httpRoute.action.target}) without a port. */
  static Precondition virtualService(ResourceId service, String path) {
    return new Precondition(service, (stored, resources) -> {
      var provider = Specs.of(stored, VirtualServiceSpec.getDefaultInstance()).getProvider();
      if (provider.hasVirtualRouter()) {
        String router = provider.getVirtualRouter().getVirtualRouterName();
        return resources.find(ResourceId.of(service.mesh(), ResourceKind.VIRTUAL_ROUTER, router))
            .flatMap(r -> required(path, "virtual service " + service.name() + " (provider virtual router "
                + router + ")", Specs.of(r, VirtualRouterSpec.getDefaultInstance()).getListenersList().stream()
                .map(l -> new PortAndProtocol(l.getPortMapping().getPort(), l.getPortMapping().getProtocol()))
                .toList()));
      }
      if (provider.hasVirtualNode()) {
        String node = provider.getVirtualNode().getVirtualNodeName();
        return resources.find(ResourceId.of(service.mesh(), ResourceKind.VIRTUAL_NODE, node))
            .flatMap(n -> required(path, "virtual service " + service.name() + " (provider virtual node " + node + ")",
                listeners(Specs.of(n, VirtualNodeSpec.getDefaultInstance()))));
      }
      return Optional.empty();
    });
  }

  private static List<PortAndProtocol> listeners(VirtualNodeSpec node) {
    return node.getListenersList().stream()
        .map(l -> new PortAndProtocol(l.getPortMapping().getPort(), l.getPortMapping().getProtocol()))
        .toList();
  }

  private static Optional<String> required(String path, String target, List<PortAndProtocol> listeners) {
    if (listeners.size() <= 1) {
      return Optional.empty();
    }
    return Optional.of(path + ".port: is required because " + target + " has " + listeners.size()
        + " listeners: " + listeners.stream().map(PortAndProtocol::toString).collect(Collectors.joining(", ")));
  }
}
