package dev.meshplane.transformer.synth.routes;

import dev.meshplane.transformer.synth.EnvoyNames;
import dev.meshplane.transformer.synth.ProxyResources;
import dev.meshplane.transformer.synth.Protos;
import dev.meshplane.transformer.synth.resolve.LocalListener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;

/** {@code rds_ingress_http_<port>}: everything arriving on an HTTP listener goes to the local app. */
public final class IngressRouteConfigs {
  private IngressRouteConfigs() {}

  public static String add(LocalListener listener, String localCluster, ProxyResources out) {
    String name = EnvoyNames.ingressRoutes(listener.port());
    RouteAction.Builder action = RouteAction.newBuilder().setCluster(localCluster);
    listener.timeouts().perRequest().ifPresent(d -> action.setTimeout(Protos.duration(d)));
    listener.timeouts().idle().ifPresent(d -> action.setIdleTimeout(Protos.duration(d)));
    out.add(RouteConfiguration.newBuilder()
        .setName(name)
        .addVirtualHosts(VirtualHost.newBuilder()
            .setName("ingress_" + listener.port())
            .addDomains("*")
            .addRoutes(Route.newBuilder()
                .setName("ingress_" + listener.port())
                .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                .setRoute(action)))
        .build());
    return name;
  }
}
