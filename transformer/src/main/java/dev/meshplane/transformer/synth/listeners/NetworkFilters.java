package dev.meshplane.transformer.synth.listeners;

import dev.meshplane.transformer.synth.Protos;
import dev.meshplane.transformer.synth.resolve.AccessLogSpec;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The HTTP connection manager and TCP proxy filters the listeners are made of. */
final class NetworkFilters {
  static final String HCM = "envoy.filters.network.http_connection_manager";
  static final String TCP_PROXY = "envoy.filters.network.tcp_proxy";
  static final String ROUTER = "envoy.filters.http.router";
  /** App Mesh's HTTP stat prefixes ({@code http.ingress.*}, {@code http.egress.*}), which dashboards query. */
  static final String INGRESS_STATS = "ingress";
  static final String EGRESS_STATS = "egress";

  private NetworkFilters() {}

  // Alike in every connection manager: built once (every proxyless client has one per backend port).
  private static final HttpFilter ROUTER_FILTER =
      HttpFilter.newBuilder().setName(ROUTER).setTypedConfig(Protos.pack(Router.getDefaultInstance())).build();
  private static final HttpConnectionManager.UpgradeConfig WEBSOCKET = HttpConnectionManager.UpgradeConfig.newBuilder()
      .setUpgradeType("websocket")
      .setEnabled(Protos.boolValue(true))
      .build();

  /** Whether the connection manager drops the port from Host before matching domains (gateways). */
  enum HostPort {
    KEEP,
    STRIP
  }

  /**
   * Routes from RDS over ADS; the router is the last (and only) HTTP filter, as gRPC clients
   * require. The defaults App Mesh's connection managers carry: WebSocket upgrades allowed, paths
   * normalized and repeated slashes merged before matching, escaped slashes left as they are.
   */
  static HttpConnectionManager connectionManager(
      String statPrefix, String routeConfigName, Optional<AccessLogSpec> accessLog, HostPort hostPort) {
    HttpConnectionManager.Builder manager = HttpConnectionManager.newBuilder()
        .setStatPrefix(statPrefix)
        .setRds(Rds.newBuilder().setConfigSource(Protos.ADS).setRouteConfigName(routeConfigName))
        .addHttpFilters(ROUTER_FILTER)
        .addAllAccessLog(AccessLogConfigs.of(accessLog))
        .addUpgradeConfigs(WEBSOCKET)
        .setNormalizePath(Protos.boolValue(true))
        .setMergeSlashes(true)
        .setPathWithEscapedSlashesAction(HttpConnectionManager.PathWithEscapedSlashesAction.KEEP_UNCHANGED);
    if (hostPort == HostPort.STRIP) {
      manager.setStripAnyHostPort(true);
    }
    return manager.build();
  }

  static Filter httpFilter(
      String statPrefix, String routeConfigName, Optional<AccessLogSpec> accessLog, HostPort hostPort) {
    return Filter.newBuilder()
        .setName(HCM)
        .setTypedConfig(Protos.pack(connectionManager(statPrefix, routeConfigName, accessLog, hostPort)))
        .build();
  }

  /** One cluster, or weighted clusters in the given order. */
  static Filter tcpProxy(
      String statPrefix, Map<String, Integer> weights, Optional<Duration> idle, Optional<AccessLogSpec> accessLog) {
    TcpProxy.Builder proxy = TcpProxy.newBuilder().setStatPrefix(statPrefix);
    if (weights.size() == 1) {
      proxy.setCluster(weights.keySet().iterator().next());
    } else {
      TcpProxy.WeightedCluster.Builder weighted = TcpProxy.WeightedCluster.newBuilder();
      weights.forEach((cluster, weight) -> weighted.addClusters(
          TcpProxy.WeightedCluster.ClusterWeight.newBuilder().setName(cluster).setWeight(weight)));
      proxy.setWeightedClusters(weighted);
    }
    idle.ifPresent(d -> proxy.setIdleTimeout(Protos.duration(d)));
    proxy.addAllAccessLog(AccessLogConfigs.of(accessLog));
    return Filter.newBuilder().setName(TCP_PROXY).setTypedConfig(Protos.pack(proxy.build())).build();
  }
}
