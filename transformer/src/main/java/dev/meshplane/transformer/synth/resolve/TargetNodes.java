package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.vocabulary.DnsResponseType;
import dev.meshplane.model.vocabulary.IpPreference;
import dev.meshplane.model.vocabulary.Protocol;
import dev.meshplane.model.appmesh.Listener;
import dev.meshplane.model.appmesh.VirtualNodeSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Looks up a virtual node listener as a traffic target. */
final class TargetNodes {
  private final MeshSpecs specs;
  private final Map<Asked, Found> answers = new HashMap<>();

  TargetNodes(MeshSpecs specs) {
    this.specs = specs;
  }

  /**
   * The node's listener on {@code port}, or its only listener when no port is given (App Mesh
   * requires a port for nodes with several listeners, and none is guessed); empty with a warning
   * otherwise.
   */
  Optional<TargetNode> find(String nodeName, Optional<Integer> port, List<String> warnings) {
    // Every route to a node asks again (100,000 routes in a large mesh): answered once per pass,
    // so equal targets are also one object.
    Found found = answers.computeIfAbsent(new Asked(nodeName, port), asked -> {
      List<String> foundWarnings = new ArrayList<>();
      return new Found(findUncached(nodeName, port, foundWarnings), List.copyOf(foundWarnings));
    });
    warnings.addAll(found.warnings());
    return found.target();
  }

  private record Asked(String nodeName, Optional<Integer> port) {}

  private record Found(Optional<TargetNode> target, List<String> warnings) {}

  private Optional<TargetNode> findUncached(String nodeName, Optional<Integer> port, List<String> warnings) {
    VirtualNodeSpec node = specs.nodes.get(nodeName);
    if (node == null) {
      warnings.add("target virtual node " + nodeName + " does not exist");
      return Optional.empty();
    }
    Optional<Discovery> discovery = discovery(node);
    if (discovery.isEmpty()) {
      warnings.add("target virtual node " + nodeName + " has no service discovery");
      return Optional.empty();
    }
    if (port.isEmpty() && node.getListenersCount() > 1) {
      warnings.add("target virtual node " + nodeName + " has " + node.getListenersCount()
          + " listeners and the target names no port");
      return Optional.empty();
    }
    Optional<Listener> listener =
        node.getListenersList().stream()
            .filter(l -> port.isEmpty() || l.getPortMapping().getPort() == port.get())
            .findFirst();
    if (listener.isEmpty()) {
      warnings.add("target virtual node " + nodeName + " has no listener"
          + port.map(p -> " on port " + p).orElse(""));
      return Optional.empty();
    }
    Listener l = listener.get();
    return Optional.of(new TargetNode(
        nodeName,
        l.getPortMapping().getPort(),
        Protocol.of(l.getPortMapping().getProtocol()),
        discovery.get(),
        l.hasHealthCheck() ? Optional.of(ListenerPolicies.healthCheck(l.getHealthCheck())) : Optional.empty(),
        l.hasOutlierDetection() ? Optional.of(ListenerPolicies.outlier(l.getOutlierDetection())) : Optional.empty(),
        l.hasTls() ? TlsPolicies.termination(l.getTls()) : Optional.empty()));
  }

  /** The mesh's IP preference, if it states one. */
  Optional<IpPreference> meshIpPreference() {
    return IpPreference.parse(specs.mesh.getServiceDiscovery().getIpPreference());
  }

  /** A node's IP preference: its discovery's own, else the mesh's. */
  static Optional<IpPreference> ipPreference(VirtualNodeSpec node, Optional<IpPreference> meshPreference) {
    var sd = node.getServiceDiscovery();
    if (sd.hasDns() && sd.getDns().hasIpPreference()) {
      return IpPreference.parse(sd.getDns().getIpPreference()).or(() -> meshPreference);
    }
    if (sd.hasAwsCloudMap() && sd.getAwsCloudMap().hasIpPreference()) {
      return IpPreference.parse(sd.getAwsCloudMap().getIpPreference()).or(() -> meshPreference);
    }
    return meshPreference;
  }

  private Optional<Discovery> discovery(VirtualNodeSpec node) {
    Optional<IpPreference> preference = ipPreference(node, meshIpPreference());
    var sd = node.getServiceDiscovery();
    if (sd.hasDns()) {
      var dns = sd.getDns();
      return Optional.of(new Discovery.Dns(
          dns.getHostname(),
          DnsResponseType.of(dns.getResponseType()),
          preference));
    }
    if (sd.hasAwsCloudMap()) {
      var cm = sd.getAwsCloudMap();
      List<Discovery.Attribute> attributes =
          cm.getAttributesList().stream()
              .map(a -> new Discovery.Attribute(a.getKey(), a.getValue()))
              .sorted(Comparator.comparing(Discovery.Attribute::key).thenComparing(Discovery.Attribute::value))
              .toList();
      return Optional.of(new Discovery.CloudMap(
          cm.getNamespaceName(),
          cm.getServiceName(),
          attributes,
          preference));
    }
    return Optional.empty();
  }
}
