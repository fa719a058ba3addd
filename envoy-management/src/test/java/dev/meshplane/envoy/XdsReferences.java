package dev.meshplane.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The names one xDS resource set points at, to check that the set is closed. */
final class XdsReferences {
  private XdsReferences() {}

  static Set<String> routeConfigNames(List<Listener> listeners) {
    Set<String> names = new TreeSet<>();
    for (HttpConnectionManager hcm : connectionManagers(listeners)) {
      if (hcm.hasRds()) {
        names.add(hcm.getRds().getRouteConfigName());
      }
    }
    return names;
  }

  static Set<String> clusterNames(List<Listener> listeners, List<RouteConfiguration> routes) {
    Set<String> names = new TreeSet<>();
    for (Listener listener : listeners) {
      for (FilterChain chain : listener.getFilterChainsList()) {
        for (Filter filter : chain.getFiltersList()) {
          if (filter.getTypedConfig().is(TcpProxy.class)) {
            TcpProxy tcp = unpack(filter.getTypedConfig(), TcpProxy.class);
            if (!tcp.getCluster().isEmpty()) {
              names.add(tcp.getCluster());
            }
            tcp.getWeightedClusters().getClustersList().forEach(c -> names.add(c.getName()));
          }
        }
      }
    }
    List<RouteConfiguration> all = new ArrayList<>(routes);
    connectionManagers(listeners).stream().filter(HttpConnectionManager::hasRouteConfig)
        .forEach(h -> all.add(h.getRouteConfig()));
    for (RouteConfiguration config : all) {
      for (VirtualHost host : config.getVirtualHostsList()) {
        for (Route route : host.getRoutesList()) {
          if (route.hasRoute()) {
            if (!route.getRoute().getCluster().isEmpty()) {
              names.add(route.getRoute().getCluster());
            }
            for (WeightedCluster.ClusterWeight weighted : route.getRoute().getWeightedClusters().getClustersList()) {
              names.add(weighted.getName());
            }
          }
        }
      }
    }
    return names;
  }

  /** The assignment names EDS clusters ask for. */
  static Set<String> edsNames(List<Cluster> clusters) {
    Set<String> names = new TreeSet<>();
    for (Cluster cluster : clusters) {
      if (cluster.getType() == Cluster.DiscoveryType.EDS) {
        String service = cluster.getEdsClusterConfig().getServiceName();
        names.add(service.isEmpty() ? cluster.getName() : service);
      }
    }
    return names;
  }

  private static List<HttpConnectionManager> connectionManagers(List<Listener> listeners) {
    List<HttpConnectionManager> found = new ArrayList<>();
    for (Listener listener : listeners) {
      if (listener.hasApiListener()) {
        found.add(unpack(listener.getApiListener().getApiListener(), HttpConnectionManager.class));
      }
      for (FilterChain chain : listener.getFilterChainsList()) {
        for (Filter filter : chain.getFiltersList()) {
          if (filter.getTypedConfig().is(HttpConnectionManager.class)) {
            found.add(unpack(filter.getTypedConfig(), HttpConnectionManager.class));
          }
        }
      }
    }
    return found;
  }

  private static <T extends com.google.protobuf.Message> T unpack(Any any, Class<T> type) {
    try {
      return any.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
