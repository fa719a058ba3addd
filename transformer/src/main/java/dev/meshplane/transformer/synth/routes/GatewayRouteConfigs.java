package dev.meshplane.transformer.synth.routes;

import dev.meshplane.model.appmesh.GatewayRouteHostnameMatch;
import dev.meshplane.transformer.synth.EnvoyNames;
import dev.meshplane.transformer.synth.ProxyResources;
import dev.meshplane.transformer.synth.resolve.GatewayPort;
import dev.meshplane.transformer.synth.resolve.GatewayProxy;
import dev.meshplane.transformer.synth.resolve.ResolvedGatewayRoute;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code rds_ingress_http_<port>} of a gateway listener. Envoy picks a virtual host by Host before
 * any route, so each distinct hostname match gets a virtual host holding, in gateway route order,
 * every route whose hostname match also accepts that host (routes without one are in all of them).
 */
public final class GatewayRouteConfigs {
  private GatewayRouteConfigs() {}

  /** A hostname condition: exact, suffix, or none (empty value). */
  private record Host(boolean exact, String value) implements Comparable<Host> {
    static final Host ANY = new Host(false, "");

    static Host of(GatewayRouteHostnameMatch m) {
      if (m.hasExact()) {
        return new Host(true, m.getExact());
      }
      return m.hasSuffix() ? new Host(false, m.getSuffix()) : ANY;
    }

    String domain() {
      return exact ? value : "*" + value;
    }

    /** Whether a request whose host this virtual host catches also satisfies {@code route}. */
    boolean implies(Host route) {
      return route.equals(ANY) || route.equals(this) || (!route.exact && value.endsWith(route.value));
    }

    @Override
    public int compareTo(Host o) {
      return domain().compareTo(o.domain());
    }
  }

  public static String add(GatewayProxy gateway, GatewayPort port, ProxyResources out) {
    String name = EnvoyNames.ingressRoutes(port.port());
    List<ResolvedGatewayRoute> routes = gateway.routes().stream()
        .filter(r -> r.listenerPort().map(p -> p == port.port()).orElse(true))
        .filter(r -> r.protocol() == port.protocol())
        .toList();
    TreeSet<Host> hosts = new TreeSet<>();
    hosts.add(Host.ANY);
    routes.forEach(r -> hosts.add(host(r)));
    RouteConfiguration.Builder config = RouteConfiguration.newBuilder().setName(name);
    for (Host host : hosts) {
      VirtualHost.Builder virtualHost = VirtualHost.newBuilder().setName(host.domain()).addDomains(host.domain());
      routes.stream()
          .filter(r -> host.implies(host(r)))
          .forEach(r -> virtualHost.addAllRoutes(GatewayRoutes.of(gateway.mesh(), r, out)));
      config.addVirtualHosts(virtualHost);
    }
    out.add(config.build());
    return name;
  }

  private static Host host(ResolvedGatewayRoute r) {
    Optional<GatewayRouteHostnameMatch> m = r.http().map(h -> h.getMatch().getHostname())
        .or(() -> r.grpc().map(g -> g.getMatch().getHostname()));
    return m.map(Host::of).orElse(Host.ANY);
  }
}
