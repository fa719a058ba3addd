package dev.meshplane.transformer.synth.routes;

import dev.meshplane.transformer.synth.EnvoyNames;
import dev.meshplane.transformer.synth.ProxyResources;
import dev.meshplane.transformer.synth.resolve.GatewayPort;
import dev.meshplane.transformer.synth.resolve.GatewayProxy;
import dev.meshplane.transformer.synth.resolve.HostnameMatch;
import dev.meshplane.transformer.synth.resolve.ResolvedGatewayRoute;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code rds_ingress_http_<port>} of a gateway listener. Envoy picks a virtual host by Host before
 * any route, so each distinct hostname match gets a virtual host holding, in gateway route order,
 * every route whose hostname match also accepts that host (routes without one are in all of them).
 */
public final class GatewayRouteConfigs {
  private GatewayRouteConfigs() {}

  public static String add(GatewayProxy gateway, GatewayPort port, ProxyResources out) {
    String name = EnvoyNames.ingressRoutes(port.port());
    List<ResolvedGatewayRoute> routes = gateway.routes().stream()
        .filter(r -> r.listenerPort().map(p -> p == port.port()).orElse(true))
        .filter(r -> r.protocol() == port.protocol())
        .toList();
    TreeSet<HostnameMatch> hosts = new TreeSet<>(Comparator.comparing(GatewayRouteConfigs::domain));
    hosts.add(HostnameMatch.ANY);
    routes.forEach(r -> hosts.add(r.hostname()));
    RouteConfiguration.Builder config = RouteConfiguration.newBuilder().setName(name);
    for (HostnameMatch host : hosts) {
      VirtualHost.Builder virtualHost = VirtualHost.newBuilder().setName(domain(host)).addDomains(domain(host));
      routes.stream()
          .filter(r -> host.implies(r.hostname()))
          .forEach(r -> virtualHost.addAllRoutes(GatewayRoutes.of(gateway.mesh(), r, out)));
      config.addVirtualHosts(virtualHost);
    }
    out.add(config.build());
    return name;
  }

  private static String domain(HostnameMatch host) {
    return host.exact() ? host.value() : "*" + host.value();
  }
}
