package dev.meshplane.transformer.synth.resolve;

import java.util.List;
import java.util.stream.Stream;

/** One mesh resolved per proxy, each list sorted by name. */
public record MeshGraph(String mesh, long generation, List<NodeProxy> nodes, List<GatewayProxy> gateways) {
  public MeshGraph {
    nodes = List.copyOf(nodes);
    gateways = List.copyOf(gateways);
  }

  /** Every reference that could not be followed, across all proxies. */
  public List<String> warnings() {
    return Stream.concat(
            nodes.stream().flatMap(n -> n.warnings().stream()),
            gateways.stream().flatMap(g -> g.warnings().stream()))
        .toList();
  }
}
