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
    config.addVirtualHosts(passthrough(node.egress(), passthroughCluster));
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

  /** The usual ones, one object each for every proxy: the payload encoder serializes and hashes it once. */
  private static final VirtualHost ALLOW_ALL =
      passthrough("allow_all", "*", EnvoyNames.PASSTHROUGH_CLUSTER);
  private static final VirtualHost AMAZONAWS =
      passthrough("amazonaws", "*.amazonaws.com", EnvoyNames.PASSTHROUGH_CLUSTER);

  private static VirtualHost passthrough(EgressMode egress, String cluster) {
    if (egress == EgressMode.ALLOW_ALL) {
      return cluster.equals(EnvoyNames.PASSTHROUGH_CLUSTER) ? ALLOW_ALL : passthrough("allow_all", "*", cluster);
    }
    return cluster.equals(EnvoyNames.PASSTHROUGH_CLUSTER) ? AMAZONAWS
        : passthrough("amazonaws", "*.amazonaws.com", cluster);
  }

  private static VirtualHost passthrough(String name, String domain, String cluster) {
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
