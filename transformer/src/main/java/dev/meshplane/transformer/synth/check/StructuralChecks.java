package dev.meshplane.transformer.synth.check;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.meshplane.proxyconfig.EnvoyTypes;
import dev.meshplane.transformer.synth.EndpointResolution;
import dev.meshplane.transformer.synth.ProxyConfig;
import dev.meshplane.transformer.synth.ProxyKind;
import dev.meshplane.transformer.synth.SecretReference;
import dev.meshplane.transformer.synth.tls.TlsContexts;
import io.envoyproxy.envoy.config.accesslog.v3.AccessLog;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.access_loggers.file.v3.FileAccessLog;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.listener.original_dst.v3.OriginalDst;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a synthesized config hangs together the way Envoy and gRPC clients require: every route
 * and TCP proxy names an existing cluster, every RDS name has a route configuration, every EDS
 * cluster has endpoints or a resolution record, every SDS secret is listed, no two listeners bind
 * one address and port, HTTP filter lists end with the router, and every {@code Any} carries the
 * type its field expects. Returns every violation found, each naming where it is.
 */
public final class StructuralChecks {
  private static final Map<String, Descriptor> NETWORK_FILTERS = Map.of(
      "envoy.filters.network.http_connection_manager", HttpConnectionManager.getDescriptor(),
      "envoy.filters.network.tcp_proxy", TcpProxy.getDescriptor());
  private static final Map<String, Descriptor> LISTENER_FILTERS = Map.of(
      "envoy.filters.listener.original_dst", OriginalDst.getDescriptor(),
      "envoy.filters.listener.tls_inspector", TlsInspector.getDescriptor());
  private static final String ROUTER = "envoy.filters.http.router";
  private static final String HTTP_PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

  private final ProxyConfig config;
  private final List<String> violations = new ArrayList<>();
  private final Set<String> clusters;
  private final Set<String> routeConfigs;
  private final Set<String> secrets;
  private final Set<String> referencedRouteConfigs = new HashSet<>();

  private StructuralChecks(ProxyConfig config) {
    this.config = config;
    this.clusters = config.clusters().stream().map(Cluster::getName).collect(Collectors.toSet());
    this.routeConfigs = config.routeConfigurations().stream().map(RouteConfiguration::getName).collect(Collectors.toSet());
    this.secrets = config.secrets().stream().map(SecretReference::name).collect(Collectors.toSet());
  }

  public static List<String> check(ProxyConfig config) {
    StructuralChecks checks = new StructuralChecks(config);
    checks.run();
    return List.copyOf(checks.violations);
  }

  private void run() {
    Set<String> bound = new HashSet<>();
    for (Listener listener : config.listeners()) {
      String where = "listener " + listener.getName();
      if (listener.hasApiListener()) {
        unpack(listener.getApiListener().getApiListener(), HttpConnectionManager.getDescriptor(), where + " api_listener")
            .ifPresent(m -> connectionManager((HttpConnectionManager) m, where));
        continue;
      }
      var socket = listener.getAddress().getSocketAddress();
      if (!bound.add(socket.getAddress() + ":" + socket.getPortValue())) {
        violations.add(where + ": address " + socket.getAddress() + ":" + socket.getPortValue() + " is bound twice");
      }
      for (ListenerFilter filter : listener.getListenerFiltersList()) {
        typed(filter.getTypedConfig(), LISTENER_FILTERS.get(filter.getName()), where + " listener filter " + filter.getName());
      }
      List<FilterChain> chains = new ArrayList<>(listener.getFilterChainsList());
      if (listener.hasDefaultFilterChain()) {
        chains.add(listener.getDefaultFilterChain());
      }
      for (FilterChain chain : chains) {
        filterChain(chain, where + " chain " + chain.getName());
      }
    }
    for (RouteConfiguration routes : config.routeConfigurations()) {
      for (VirtualHost host : routes.getVirtualHostsList()) {
        for (Route route : host.getRoutesList()) {
          route(route, "route configuration " + routes.getName() + " virtual host " + host.getName() + " route " + route.getName());
        }
      }
    }
    Set<String> assigned = new HashSet<>();
    config.clusterLoadAssignments().stream().map(ClusterLoadAssignment::getClusterName).forEach(assigned::add);
    config.endpointResolutions().stream().map(EndpointResolution::clusterName).forEach(assigned::add);
    for (Cluster cluster : config.clusters()) {
      cluster(cluster, assigned);
    }
    for (String name : routeConfigs) {
      if (!referencedRouteConfigs.contains(name)) {
        violations.add("route configuration " + name + " is used by no listener");
      }
    }
  }

  private void filterChain(FilterChain chain, String where) {
    for (Filter filter : chain.getFiltersList()) {
      String at = where + " filter " + filter.getName();
      typed(filter.getTypedConfig(), NETWORK_FILTERS.get(filter.getName()), at).ifPresent(m -> {
        if (m instanceof HttpConnectionManager hcm) {
          connectionManager(hcm, at);
        } else if (m instanceof TcpProxy tcp) {
          tcpProxy(tcp, at);
        }
      });
    }
    if (chain.hasTransportSocket()) {
      transportSocket(chain.getTransportSocket(), DownstreamTlsContext.getDescriptor(), where);
    }
  }

  private void connectionManager(HttpConnectionManager hcm, String where) {
    if (hcm.hasRds()) {
      String name = hcm.getRds().getRouteConfigName();
      referencedRouteConfigs.add(name);
      if (!routeConfigs.contains(name)) {
        violations.add(where + ": RDS " + name + " has no route configuration");
      }
    } else if (!hcm.hasRouteConfig()) {
      violations.add(where + ": neither RDS nor an inline route configuration");
    }
    int count = hcm.getHttpFiltersCount();
    if (count == 0 || !hcm.getHttpFilters(count - 1).getName().equals(ROUTER)) {
      violations.add(where + ": HTTP filters do not end with the router");
    }
    hcm.getHttpFiltersList().forEach(f -> typed(
        f.getTypedConfig(), f.getName().equals(ROUTER) ? Router.getDescriptor() : null, where + " http filter " + f.getName()));
    accessLogs(hcm.getAccessLogList(), where);
  }

  private void tcpProxy(TcpProxy tcp, String where) {
    if (tcp.hasWeightedClusters()) {
      tcp.getWeightedClusters().getClustersList().forEach(c -> clusterExists(c.getName(), where));
    } else {
      clusterExists(tcp.getCluster(), where);
    }
    accessLogs(tcp.getAccessLogList(), where);
  }

  private void route(Route route, String where) {
    if (route.hasDirectResponse()) {
      return;
    }
    if (!route.hasRoute()) {
      violations.add(where + ": no action");
      return;
    }
    var action = route.getRoute();
    if (action.hasWeightedClusters()) {
      action.getWeightedClusters().getClustersList().forEach(c -> clusterExists(c.getName(), where));
    } else {
      clusterExists(action.getCluster(), where);
    }
  }

  private void cluster(Cluster cluster, Set<String> assigned) {
    String where = "cluster " + cluster.getName();
    if (cluster.getType() == Cluster.DiscoveryType.EDS && !assigned.contains(cluster.getName())) {
      violations.add(where + ": EDS cluster without endpoints or a resolution record");
    }
    cluster.getTypedExtensionProtocolOptionsMap().forEach((name, any) -> typed(
        any, name.equals(HTTP_PROTOCOL_OPTIONS) ? HttpProtocolOptions.getDescriptor() : null, where + " " + name));
    if (cluster.hasTransportSocket()) {
      transportSocket(cluster.getTransportSocket(), UpstreamTlsContext.getDescriptor(), where);
    }
  }

  private void transportSocket(TransportSocket socket, Descriptor expected, String where) {
    typed(socket.getTypedConfig(), expected, where + " transport socket").ifPresent(m -> {
      CommonTlsContext common = m instanceof DownstreamTlsContext d ? d.getCommonTlsContext()
          : ((UpstreamTlsContext) m).getCommonTlsContext();
      List<SdsSecretConfig> sds = new ArrayList<>(common.getTlsCertificateSdsSecretConfigsList());
      if (common.hasValidationContextSdsSecretConfig()) {
        sds.add(common.getValidationContextSdsSecretConfig());
      }
      if (common.hasCombinedValidationContext()) {
        sds.add(common.getCombinedValidationContext().getValidationContextSdsSecretConfig());
      }
      for (SdsSecretConfig secret : sds) {
        if (secret.getSdsConfig().hasAds()) {
          if (!secrets.contains(secret.getName())) {
            violations.add(where + ": secret " + secret.getName() + " is not listed");
          }
        } else if (!fromSdsAgent(secret)) {
          // Only the bootstrap's SDS agent cluster is outside the xDS set by design.
          violations.add(where + ": secret " + secret.getName() + " is neither over ADS nor from the SDS agent");
        }
      }
      if (config.kind() == ProxyKind.PROXYLESS_GRPC) {
        certificateProviders(common, sds, where);
      }
    });
  }

  private static boolean fromSdsAgent(SdsSecretConfig secret) {
    var source = secret.getSdsConfig().getApiConfigSource();
    return source.getApiType() == ApiConfigSource.ApiType.GRPC
        && source.getGrpcServicesCount() == 1
        && source.getGrpcServices(0).getEnvoyGrpc().getClusterName().equals(TlsContexts.SDS_AGENT_CLUSTER);
  }

  /**
   * What grpc-java (gRFC A29) NACKs or cannot read: TLS material other than certificate provider
   * instances, and instances without a name (the name the application's bootstrap declares).
   */
  private void certificateProviders(CommonTlsContext common, List<SdsSecretConfig> sds, String where) {
    if (!sds.isEmpty() || common.getTlsCertificatesCount() > 0 || common.getValidationContext().hasTrustedCa()) {
      violations.add(where + ": proxyless TLS with SDS or file material, which gRPC clients cannot read");
    }
    CertificateValidationContext validation = common.getValidationContext();
    if (!validation.hasCaCertificateProviderInstance()
        || validation.getCaCertificateProviderInstance().getInstanceName().isEmpty()) {
      violations.add(where + ": proxyless TLS without a named ca_certificate_provider_instance");
    }
    if (common.hasTlsCertificateProviderInstance()
        && common.getTlsCertificateProviderInstance().getInstanceName().isEmpty()) {
      violations.add(where + ": tls_certificate_provider_instance without an instance name");
    }
  }

  private void accessLogs(List<AccessLog> logs, String where) {
    logs.forEach(l -> typed(l.getTypedConfig(), FileAccessLog.getDescriptor(), where + " access log"));
  }

  private void clusterExists(String name, String where) {
    if (!clusters.contains(name)) {
      violations.add(where + ": cluster " + name + " does not exist");
    }
  }

  private java.util.Optional<Message> typed(Any any, Descriptor expected, String where) {
    if (expected == null) {
      violations.add(where + ": no known type for this name");
      return java.util.Optional.empty();
    }
    if (!any.getTypeUrl().equals(EnvoyTypes.typeUrl(expected))) {
      violations.add(where + ": type " + any.getTypeUrl() + ", expected " + EnvoyTypes.typeUrl(expected));
      return java.util.Optional.empty();
    }
    return unpack(any, expected, where);
  }

  private java.util.Optional<Message> unpack(Any any, Descriptor expected, String where) {
    try {
      Message prototype = KNOWN.stream().filter(m -> m.getDescriptorForType() == expected).findFirst().orElseThrow();
      return java.util.Optional.of(prototype.getParserForType().parseFrom(any.getValue()));
    } catch (InvalidProtocolBufferException e) {
      violations.add(where + ": payload does not parse as " + expected.getFullName());
      return java.util.Optional.empty();
    }
  }

  private static final List<Message> KNOWN = List.of(
      HttpConnectionManager.getDefaultInstance(), TcpProxy.getDefaultInstance(), Router.getDefaultInstance(),
      OriginalDst.getDefaultInstance(), TlsInspector.getDefaultInstance(), DownstreamTlsContext.getDefaultInstance(),
      UpstreamTlsContext.getDefaultInstance(), FileAccessLog.getDefaultInstance(), HttpProtocolOptions.getDefaultInstance());
}
