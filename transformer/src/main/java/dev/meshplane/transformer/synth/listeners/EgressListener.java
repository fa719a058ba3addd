package dev.meshplane.transformer.synth.listeners;

import com.google.protobuf.UInt32Value;
import dev.meshplane.transformer.synth.EnvoyNames;
import dev.meshplane.transformer.synth.ProxyResources;
import dev.meshplane.transformer.synth.SharedPieces;
import dev.meshplane.transformer.synth.clusters.PassthroughCluster;
import dev.meshplane.transformer.synth.resolve.AccessLogSpec;
import dev.meshplane.transformer.synth.resolve.EgressMode;
import dev.meshplane.transformer.synth.resolve.NodeProxy;
import dev.meshplane.transformer.synth.resolve.PortProtocol;
import dev.meshplane.transformer.synth.resolve.ProxyAddresses;
import dev.meshplane.transformer.synth.resolve.ResolvedBackend;
import dev.meshplane.transformer.synth.resolve.ResolvedRoute;
import dev.meshplane.transformer.synth.routes.BackendVirtualHosts;
import dev.meshplane.transformer.synth.routes.EgressRouteConfigs;
import dev.meshplane.transformer.synth.routes.RouteActions;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code lds_egress_0.0.0.0_15001}: iptables redirects the application's outbound connections
 * here. Each backend HTTP port gets a chain into {@code rds_egress_http_15001} (the Host header
 * picks the virtual service); each backend TCP port a chain with a TCP proxy. DROP_ALL lets
 * only TLS to {@code *.amazonaws.com} through besides; ALLOW_ALL passes every other connection on.
 */
public final class EgressListener {
  private static final int HTTPS_PORT = 443;

  private EgressListener() {}

  public static void add(NodeProxy node, ProxyResources out) {
    String passthrough = PassthroughCluster.add(out);
    TreeSet<Integer> httpPorts = new TreeSet<>();
    node.backends().forEach(b -> httpPorts.addAll(BackendVirtualHosts.httpPorts(b)));
    if (!httpPorts.isEmpty()) {
      EgressRouteConfigs.sidecar(node, passthrough, out);
    }
    // The same for every node with the same ports, TCP backends and policies (most nodes of a
    // mesh): built once per pass, so the payload encoder also serializes and hashes it once.
    List<Object> tcpBackends = new ArrayList<>();
    node.backends().stream()
        .filter(b -> b.ports().stream().anyMatch(p -> !p.protocol().isHttpFamily()))
        .forEach(b -> tcpBackends.add(SharedPieces.backend(b)));
    out.add(out.shared().<Listener>piece(
        new Piece(node.mesh(), node.addresses(), node.egress(), node.accessLog(), List.copyOf(httpPorts), passthrough,
            tcpBackends),
        out, shared -> listener(node, httpPorts, passthrough, shared)));
  }

  /**
   * What {@link #listener} reads: the node's mesh, addresses, egress mode, access log, the HTTP
   * ports of its backends and, of the backends with a TCP port (the only ones its chains read),
   * each one's view.
   */
  private record Piece(String mesh, ProxyAddresses addresses, EgressMode egress, Optional<AccessLogSpec> accessLog,
      List<Integer> httpPorts, String passthrough, List<Object> tcpBackends) {}

  private static Listener listener(NodeProxy node, TreeSet<Integer> httpPorts, String passthrough, ProxyResources out) {
    Listener.Builder listener = Listener.newBuilder()
        .setName(EnvoyNames.EGRESS_LISTENER)
        .setAddress(ListenerFilters.anyAddress(node.addresses(), EnvoyNames.EGRESS_PORT))
        .addListenerFilters(ListenerFilters.originalDestination());
    for (int port : httpPorts) {
      listener.addFilterChains(FilterChain.newBuilder()
          .setName("egress_http_" + port)
          .setFilterChainMatch(FilterChainMatch.newBuilder().setDestinationPort(UInt32Value.of(port)))
          .addFilters(NetworkFilters.httpFilter(
              NetworkFilters.EGRESS_STATS, EnvoyNames.EGRESS_ROUTES, node.accessLog(), NetworkFilters.HostPort.KEEP)));
    }
    tcpChains(node, httpPorts, out).values().forEach(listener::addFilterChains);
    FilterChain passThrough = FilterChain.newBuilder()
        .setName(node.egress() == EgressMode.ALLOW_ALL ? "egress_passthrough" : "egress_amazonaws")
        .addFilters(NetworkFilters.tcpProxy("egress_passthrough", Map.of(passthrough, 1), Optional.empty(), node.accessLog()))
        .build();
    if (node.egress() == EgressMode.ALLOW_ALL) {
      listener.setDefaultFilterChain(passThrough);
    } else {
      listener.addListenerFilters(ListenerFilters.tlsInspectorOnlyFor(List.of(HTTPS_PORT)));
      listener.addFilterChains(passThrough.toBuilder().setFilterChainMatch(FilterChainMatch.newBuilder()
          .setDestinationPort(UInt32Value.of(HTTPS_PORT))
          .addServerNames("*.amazonaws.com")));
    }
    return listener.build();
  }

  /**
   * TCP carries no host name, so the destination port alone picks the backend: a port claimed by
   * an HTTP backend or by an earlier TCP backend (in name order) is not available and is reported.
   */
  private static Map<Integer, FilterChain> tcpChains(NodeProxy node, TreeSet<Integer> httpPorts, ProxyResources out) {
    Map<Integer, FilterChain> chains = new TreeMap<>();
    for (ResolvedBackend backend : node.backends()) {
      for (PortProtocol port : backend.ports()) {
        if (port.protocol().isHttpFamily()) {
          continue;
        }
        if (httpPorts.contains(port.port()) || chains.containsKey(port.port())) {
          out.warn("backend " + backend.virtualServiceName() + " tcp port " + port.port()
              + " is already taken by another backend; left out");
          continue;
        }
        List<ResolvedRoute> routes = backend.routesOn(port.port());
        if (routes.isEmpty()) {
          continue;
        }
        ResolvedRoute route = routes.get(0);
        Map<String, Integer> weights = RouteActions.weightsByCluster(route, node.mesh(), backend.tls(), out);
        String name = "egress_tcp_" + port.port();
        chains.put(port.port(), FilterChain.newBuilder()
            .setName(name)
            .setFilterChainMatch(FilterChainMatch.newBuilder().setDestinationPort(UInt32Value.of(port.port())))
            .addFilters(NetworkFilters.tcpProxy(name, weights, route.timeouts().idle(), node.accessLog()))
            .build());
      }
    }
    return chains;
  }
}
