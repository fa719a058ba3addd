package dev.meshplane.transformer.synth.listeners;

import dev.meshplane.transformer.synth.EnvoyNames;
import dev.meshplane.transformer.synth.ProxyResources;
import dev.meshplane.transformer.synth.clusters.LocalAppClusters;
import dev.meshplane.transformer.synth.resolve.AccessLogSpec;
import dev.meshplane.transformer.synth.resolve.LocalListener;
import dev.meshplane.transformer.synth.resolve.NodeProxy;
import dev.meshplane.transformer.synth.resolve.ProxyAddresses;
import dev.meshplane.transformer.synth.routes.IngressRouteConfigs;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.Listener;
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
    // A piece of this node alone, kept across passes: a change that reaches the node elsewhere (its
    // backends' routes) takes the listener, cluster and routes built before, without building them.
    out.shared().piece(new Piece(node.mesh(), node.name(), node.addresses(), node.listeners(), node.accessLog()), out,
        piece -> {
          build(node, piece);
          return node.name();
        });
  }

  /** What {@link #build} reads of the node. */
  private record Piece(String mesh, String name, ProxyAddresses addresses, List<LocalListener> listeners,
      Optional<AccessLogSpec> accessLog) {}

  private static void build(NodeProxy node, ProxyResources out) {
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
    node.listeners().stream()
        .sorted(java.util.Comparator.comparingInt(LocalListener::port))
        .forEach(l -> listener.addAllFilterChains(TlsFilterChains.of(
            "ingress_" + l.port(), Optional.of(l.port()), filter(node, l, out), l.tls(), out)));
    out.add(listener.build());
  }

  private static Filter filter(NodeProxy node, LocalListener l, ProxyResources out) {
    String cluster = LocalAppClusters.add(node, l, out);
    if (!l.protocol().isHttpFamily()) {
      return NetworkFilters.tcpProxy("ingress_tcp_" + l.port(), Map.of(cluster, 1), l.timeouts().idle(), node.accessLog());
    }
    String routes = IngressRouteConfigs.add(l, cluster, out);
    return NetworkFilters.httpFilter(
        NetworkFilters.INGRESS_STATS, routes, node.accessLog(), NetworkFilters.HostPort.KEEP);
  }
}
