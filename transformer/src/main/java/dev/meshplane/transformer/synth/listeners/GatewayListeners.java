package dev.meshplane.transformer.synth.listeners;

import dev.meshplane.transformer.synth.EnvoyNames;
import dev.meshplane.transformer.synth.ProxyResources;
import dev.meshplane.transformer.synth.resolve.GatewayPort;
import dev.meshplane.transformer.synth.resolve.GatewayProxy;
import dev.meshplane.transformer.synth.routes.GatewayRouteConfigs;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.util.List;
import java.util.Optional;

/**
 * {@code lds_ingress_0.0.0.0_<port>} per virtual gateway listener: clients connect to the gateway
 * directly (no iptables), so each port is its own listener; the port is stripped from Host so
 * hostname matches work with or without it.
 */
public final class GatewayListeners {
  private GatewayListeners() {}

  public static void add(GatewayProxy gateway, ProxyResources out) {
    for (GatewayPort port : gateway.listeners()) {
      String routes = GatewayRouteConfigs.add(gateway, port, out);
      var filter = NetworkFilters.httpFilter(
          NetworkFilters.INGRESS_STATS, routes, gateway.accessLog(), NetworkFilters.HostPort.STRIP);
      Listener.Builder listener = Listener.newBuilder()
          .setName(EnvoyNames.gatewayListener(port.port()))
          .setAddress(ListenerFilters.anyAddress(gateway.addresses(), port.port()))
          .addAllFilterChains(TlsFilterChains.of("ingress_" + port.port(), Optional.empty(), filter, port.tls(), out));
      if (TlsFilterChains.permissive(port.tls())) {
        listener.addListenerFilters(ListenerFilters.tlsInspectorOnlyFor(List.of(port.port())));
      }
      out.add(listener.build());
    }
  }
}
