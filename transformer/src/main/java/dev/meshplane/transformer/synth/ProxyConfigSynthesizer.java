package dev.meshplane.transformer.synth;

import dev.meshplane.transformer.synth.listeners.ApiListeners;
import dev.meshplane.transformer.synth.listeners.EgressListener;
import dev.meshplane.transformer.synth.listeners.GatewayListeners;
import dev.meshplane.transformer.synth.listeners.IngressListener;
import dev.meshplane.transformer.synth.resolve.GatewayProxy;
import dev.meshplane.transformer.synth.resolve.MeshGraph;
import dev.meshplane.transformer.synth.resolve.NodeProxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Step two of synthesis, pure: a resolved proxy into its Envoy v3 resources. Deterministic:
 * resources sorted by name, lists in the graph's order, no hash-ordered collections.
 */
public final class ProxyConfigSynthesizer {
  private final SynthesisOptions options;

  /** With App Mesh's behaviour ({@link SynthesisOptions#DEFAULTS}). */
  public ProxyConfigSynthesizer() {
    this(SynthesisOptions.DEFAULTS);
  }

  public ProxyConfigSynthesizer(SynthesisOptions options) {
    this.options = options;
  }

  /** Every virtual node as {@code nodeKind} and every virtual gateway (always an Envoy), by key. */
  public List<ProxyConfig> synthesize(MeshGraph graph, ProxyKind nodeKind) {
    List<ProxyConfig> configs = new ArrayList<>();
    SharedPieces shared = SharedPieces.perPass();
    graph.nodes().forEach(n -> configs.add(node(n, nodeKind, shared)));
    graph.gateways().forEach(g -> configs.add(gateway(g, shared)));
    return configs;
  }

  public ProxyConfig node(NodeProxy node, ProxyKind kind) {
    return node(node, kind, SharedPieces.NONE);
  }

  /** With the pieces shared by the proxies of one pass ({@link SharedPieces#perPass()}). */
  public ProxyConfig node(NodeProxy node, ProxyKind kind, SharedPieces shared) {
    ProxyResources out = new ProxyResources(key(node), kind, options, node.warnings(), shared);
    if (kind == ProxyKind.SIDECAR) {
      IngressListener.add(node, out);
      EgressListener.add(node, out);
    } else {
      ApiListeners.add(node, out);
    }
    return out.build();
  }

  public ProxyConfig gateway(GatewayProxy gateway) {
    return gateway(gateway, SharedPieces.NONE);
  }

  /** With the pieces shared by the proxies of one pass ({@link SharedPieces#perPass()}). */
  public ProxyConfig gateway(GatewayProxy gateway, SharedPieces shared) {
    ProxyResources out = new ProxyResources(key(gateway), ProxyKind.SIDECAR, options, gateway.warnings(), shared);
    out.upstreamLimits(gateway.upstreamLimits());
    GatewayListeners.add(gateway, out);
    return out.build();
  }

  /** {@code mesh/<mesh>/virtualNode/<name>}: the key of the node's config. */
  public static String key(NodeProxy node) {
    return "mesh/" + node.mesh() + "/virtualNode/" + node.name();
  }

  /** {@code mesh/<mesh>/virtualGateway/<name>}: the key of the gateway's config. */
  public static String key(GatewayProxy gateway) {
    return "mesh/" + gateway.mesh() + "/virtualGateway/" + gateway.name();
  }
}
