package dev.meshplane.transformer.synth.routes;

import dev.meshplane.transformer.synth.EnvoyNames;
import dev.meshplane.transformer.synth.ProxyResources;
import dev.meshplane.transformer.synth.resolve.EgressMode;
import dev.meshplane.transformer.synth.resolve.NodeProxy;
import dev.meshplane.transformer.synth.resolve.ResolvedBackend;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The egress route configurations: a sidecar's one {@code rds_egress_http_15001} holding every
 * backend's virtual hosts, and a proxyless client's one configuration per backend port.
 */
public final class EgressRouteConfigs {
  private EgressRouteConfigs() {}

  /**
   * Unknown hosts find no virtual host under DROP_ALL (Envoy answers 404), except {@code
   * *.amazonaws.com}, which App Mesh let through; under ALLOW_ALL every unknown host passes through.
   */
  public static void sidecar(NodeProxy node, String passthroughCluster, ProxyResources out) {
    RouteConfiguration.Builder config = RouteConfiguration.newBuilder().setName(EnvoyNames.EGRESS_ROUTES);
    for (ResolvedBackend backend : node.backends()) {
      for (int port : BackendVirtualHosts.httpPorts(backend)) {
        config.addVirtualHosts(BackendVirtualHosts.virtualHost(node.mesh(), backend, port, out));
      }
    }
    if (node.egress() == EgressMode.ALLOW_ALL) {
      config.addVirtualHosts(passthrough("allow_all", "*", passthroughCluster));
    } else {
      config.addVirtualHosts(passthrough("amazonaws", "*.amazonaws.com", passthroughCluster));
    }
    out.add(config.build());
  }

  /** Returns the configuration's name, for the API listeners that refer to it. */
  public static String proxyless(NodeProxy node, ResolvedBackend backend, int port, ProxyResources out) {
    String name = EnvoyNames.proxylessRoutes(backend.virtualServiceName(), port);
    out.add(RouteConfiguration.newBuilder()
        .setName(name)
        .addVirtualHosts(BackendVirtualHosts.virtualHost(node.mesh(), backend, port, out))
        .build());
    return name;
  }

  /** The same few for every proxy: one object each, so each is encoded and checked once. */
  private static final Map<List<String>, VirtualHost> PASSTHROUGH = new ConcurrentHashMap<>();

  private static VirtualHost passthrough(String name, String domain, String cluster) {
    return PASSTHROUGH.computeIfAbsent(List.of(name, domain, cluster), k -> build(name, domain, cluster));
  }

  private static VirtualHost build(String name, String domain, String cluster) {
    return VirtualHost.newBuilder()
        .setName(name)
        .addDomains(domain)
        .addRoutes(Route.newBuilder()
            .setName(name)
            .setMatch(RouteMatch.newBuilder().setPrefix("/"))
            .setRoute(RouteAction.newBuilder().setCluster(cluster)))
        .build();
  }
}
