package dev.meshplane.transformer.synth.listeners;

import dev.meshplane.transformer.synth.EnvoyNames;
import dev.meshplane.transformer.synth.ProxyResources;
import dev.meshplane.transformer.synth.SharedPieces;
import dev.meshplane.transformer.synth.clusters.LocalAppClusters;
import dev.meshplane.transformer.synth.resolve.AccessLogSpec;
import dev.meshplane.transformer.synth.resolve.LocalListener;
import dev.meshplane.transformer.synth.resolve.NodeProxy;
import dev.meshplane.transformer.synth.resolve.ProxyAddresses;
import dev.meshplane.transformer.synth.routes.IngressRouteConfigs;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code lds_ingress_0.0.0.0_15000}: iptables redirects inbound traffic for every listener port
 * here; one filter chain per port (chosen by the original destination port) forwards to the local
 * application with the listener's timeouts, pool and TLS.
 */
public final class IngressListener {
  private IngressListener() {}

  public static void add(NodeProxy node, ProxyResources out) {
    if (node.listeners().isEmpty()) {
      return;
    }
    List<Object> chains = new ArrayList<>();
    node.listeners().stream()
        .sorted(java.util.Comparator.comparingInt(LocalListener::port))
        .forEach(l -> chains.add(SharedPieces.same(chains(node, l, out))));
    // The same for every node with the same listeners and addresses: built once per pass, so the
    // payload encoder also serializes and hashes it once. Its chains are pieces themselves.
    out.add(out.shared().<Listener>piece(new Piece(node.addresses(), node.listeners(), chains), out, shared -> {
      Listener.Builder listener = Listener.newBuilder()
          .setName(EnvoyNames.INGRESS_LISTENER)
          .setAddress(ListenerFilters.anyAddress(node.addresses(), EnvoyNames.INGRESS_PORT))
          .addListenerFilters(ListenerFilters.originalDestination());
      var permissivePorts = node.listeners().stream()
          .filter(l -> TlsFilterChains.permissive(l.tls()))
          .map(LocalListener::port)
          .toList();
      if (!permissivePorts.isEmpty()) {
        listener.addListenerFilters(ListenerFilters.tlsInspectorOnlyFor(permissivePorts));
      }
      chains.forEach(c -> listener.addAllFilterChains(SharedPieces.<List<FilterChain>>value(c)));
      return listener.build();
    }));
  }

  /** What the listener reads: the node's addresses and listeners, and its chains by identity. */
  private record Piece(ProxyAddresses addresses, List<LocalListener> listeners, List<Object> chains) {}

  /**
   * The filter chains of one listener port. Its local app cluster and route configuration are the
   * node's own (named after it); the chains only name them, so nodes whose listeners are alike share
   * them (HTTP chains name the route configuration after the port alone).
   */
  private static List<FilterChain> chains(NodeProxy node, LocalListener l, ProxyResources out) {
    String cluster = LocalAppClusters.add(node, l, out);
    String target = l.protocol().isHttpFamily() ? IngressRouteConfigs.add(l, cluster, out) : cluster;
    return out.shared().piece(new Chains(l, target, node.accessLog()), out, shared -> TlsFilterChains.of(
        "ingress_" + l.port(), Optional.of(l.port()), filter(node, l, target), l.tls(), shared));
  }

  /** What {@link #chains} reads besides the node's own resources: the listener, what it sends to, the access log. */
  private record Chains(LocalListener listener, String target, Optional<AccessLogSpec> accessLog) {}

  /** {@code target}: the local app cluster of a TCP listener, the route configuration of an HTTP one. */
  private static Filter filter(NodeProxy node, LocalListener l, String target) {
    if (!l.protocol().isHttpFamily()) {
      return NetworkFilters.tcpProxy("ingress_tcp_" + l.port(), Map.of(target, 1), l.timeouts().idle(), node.accessLog());
    }
    return NetworkFilters.httpFilter(
        NetworkFilters.INGRESS_STATS, target, node.accessLog(), NetworkFilters.HostPort.KEEP);
  }
}
