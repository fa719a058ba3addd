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
 *
 * <p>In two steps, so that a resource many proxies include is checked once ({@link
 * CheckedResources}): each resource (listener, virtual host, cluster) is compiled, for the proxy's
 * kind, into its {@link Step}s in check order: what it violates by itself, and the references that
 * only the whole config can answer (a cluster, route configuration, secret, bound address); then
 * the config replays its resources' steps against its own names. The same bytes compile to the same
 * steps, so a memoized check finds exactly what a fresh one finds, in the same order.
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

  /**
   * One check of a compiled resource: a violation of the resource itself ({@code VIOLATION}, the
   * message in {@code where}), or a reference the config answers, reported at {@code where}.
   */
  record Step(Type type, String name, String where) {
    enum Type { VIOLATION, BOUND, RDS, CLUSTER, SECRET, ASSIGNED }
  }

  /** What the config being checked answers, and the violations found so far. */
  private static final class Replay {
    final List<String> violations = new ArrayList<>();
    final Set<String> clusters;
    final Set<String> routeConfigs;
    final Set<String> secrets;
    final Set<String> assigned = new HashSet<>();
    final Set<String> bound = new HashSet<>();
    final Set<String> referencedRouteConfigs = new HashSet<>();

    Replay(ProxyConfig config) {
      clusters = config.clusters().stream().map(Cluster::getName).collect(Collectors.toSet());
      routeConfigs = config.routeConfigurations().stream().map(RouteConfiguration::getName).collect(Collectors.toSet());
      secrets = config.secrets().stream().map(SecretReference::name).collect(Collectors.toSet());
      config.clusterLoadAssignments().stream().map(ClusterLoadAssignment::getClusterName).forEach(assigned::add);
      config.endpointResolutions().stream().map(EndpointResolution::clusterName).forEach(assigned::add);
    }

    void replay(List<Step> steps, String prefix) {
      for (Step step : steps) {
        switch (step.type()) {
          case VIOLATION -> violations.add(prefix + step.where());
          case BOUND -> {
            if (!bound.add(step.name())) {
              violations.add(prefix + step.where() + ": address " + step.name() + " is bound twice");
            }
          }
          case RDS -> {
            referencedRouteConfigs.add(step.name());
            if (!routeConfigs.contains(step.name())) {
              violations.add(prefix + step.where() + ": RDS " + step.name() + " has no route configuration");
            }
          }
          case CLUSTER -> {
            if (!clusters.contains(step.name())) {
              violations.add(prefix + step.where() + ": cluster " + step.name() + " does not exist");
            }
          }
          case SECRET -> {
            if (!secrets.contains(step.name())) {
              violations.add(prefix + step.where() + ": secret " + step.name() + " is not listed");
            }
          }
          case ASSIGNED -> {
            if (!assigned.contains(step.name())) {
              violations.add(prefix + step.where() + ": EDS cluster without endpoints or a resolution record");
            }
          }
        }
      }
    }
  }

  private final ProxyKind kind;
  private final List<Step> steps = new ArrayList<>();

  private StructuralChecks(ProxyKind kind) {
    this.kind = kind;
  }

  /** Every violation of {@code config}, each resource checked afresh. */
  public static List<String> check(ProxyConfig config) {
    return check(config, CheckedResources.none());
  }

  /** The same, taking each resource's compiled checks from {@code checked} when it holds them. */
  public static List<String> check(ProxyConfig config, CheckedResources checked) {
    ProxyKind kind = config.kind();
    Replay replay = new Replay(config);
    for (Listener listener : config.listeners()) {
      replay.replay(checked.steps(kind, listener, () -> compile(kind, c -> c.listener(listener))), "");
    }
    for (RouteConfiguration routes : config.routeConfigurations()) {
      String prefix = "route configuration " + routes.getName() + " ";
      for (VirtualHost host : routes.getVirtualHostsList()) {
        replay.replay(checked.steps(kind, host, () -> compile(kind, c -> c.virtualHost(host))), prefix);
      }
    }
    for (Cluster cluster : config.clusters()) {
      replay.replay(checked.steps(kind, cluster, () -> compile(kind, c -> c.cluster(cluster))), "");
    }
    for (String name : replay.routeConfigs) {
      if (!replay.referencedRouteConfigs.contains(name)) {
        replay.violations.add("route configuration " + name + " is used by no listener");
      }
    }
    return List.copyOf(replay.violations);
  }

  private static List<Step> compile(ProxyKind kind, java.util.function.Consumer<StructuralChecks> resource) {
    StructuralChecks checks = new StructuralChecks(kind);
    resource.accept(checks);
    return List.copyOf(checks.steps);
  }

  private void listener(Listener listener) {
    String where = "listener " + listener.getName();
    if (listener.hasApiListener()) {
      unpack(listener.getApiListener().getApiListener(), HttpConnectionManager.getDescriptor(), where + " api_listener")
          .ifPresent(m -> connectionManager((HttpConnectionManager) m, where));
      return;
    }
    var socket = listener.getAddress().getSocketAddress();
    steps.add(new Step(Step.Type.BOUND, socket.getAddress() + ":" + socket.getPortValue(), where));
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

  /** Its routes' checks, reported under "virtual host ... route ..." (the route configuration's name goes before). */
  private void virtualHost(VirtualHost host) {
    for (Route route : host.getRoutesList()) {
      route(route, "virtual host " + host.getName() + " route " + route.getName());
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
      steps.add(new Step(Step.Type.RDS, hcm.getRds().getRouteConfigName(), where));
    } else if (!hcm.hasRouteConfig()) {
      violation(where + ": neither RDS nor an inline route configuration");
    }
    int count = hcm.getHttpFiltersCount();
    if (count == 0 || !hcm.getHttpFilters(count - 1).getName().equals(ROUTER)) {
      violation(where + ": HTTP filters do not end with the router");
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
      violation(where + ": no action");
      return;
    }
    var action = route.getRoute();
    if (action.hasWeightedClusters()) {
      action.getWeightedClusters().getClustersList().forEach(c -> clusterExists(c.getName(), where));
    } else {
      clusterExists(action.getCluster(), where);
    }
  }

  private void cluster(Cluster cluster) {
    String where = "cluster " + cluster.getName();
    if (cluster.getType() == Cluster.DiscoveryType.EDS) {
      steps.add(new Step(Step.Type.ASSIGNED, cluster.getName(), where));
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
          steps.add(new Step(Step.Type.SECRET, secret.getName(), where));
        } else if (!fromSdsAgent(secret)) {
          // Only the bootstrap's SDS agent cluster is outside the xDS set by design.
          violation(where + ": secret " + secret.getName() + " is neither over ADS nor from the SDS agent");
        }
      }
      if (kind == ProxyKind.PROXYLESS_GRPC) {
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
      violation(where + ": proxyless TLS with SDS or file material, which gRPC clients cannot read");
    }
    CertificateValidationContext validation = common.getValidationContext();
    if (!validation.hasCaCertificateProviderInstance()
        || validation.getCaCertificateProviderInstance().getInstanceName().isEmpty()) {
      violation(where + ": proxyless TLS without a named ca_certificate_provider_instance");
    }
    if (common.hasTlsCertificateProviderInstance()
        && common.getTlsCertificateProviderInstance().getInstanceName().isEmpty()) {
      violation(where + ": tls_certificate_provider_instance without an instance name");
    }
  }

  private void accessLogs(List<AccessLog> logs, String where) {
    logs.forEach(l -> typed(l.getTypedConfig(), FileAccessLog.getDescriptor(), where + " access log"));
  }

  private void clusterExists(String name, String where) {
    steps.add(new Step(Step.Type.CLUSTER, name, where));
  }

  private void violation(String message) {
    steps.add(new Step(Step.Type.VIOLATION, "", message));
  }

  private java.util.Optional<Message> typed(Any any, Descriptor expected, String where) {
    if (expected == null) {
      violation(where + ": no known type for this name");
      return java.util.Optional.empty();
    }
    if (!any.getTypeUrl().equals(EnvoyTypes.typeUrl(expected))) {
      violation(where + ": type " + any.getTypeUrl() + ", expected " + EnvoyTypes.typeUrl(expected));
      return java.util.Optional.empty();
    }
    return unpack(any, expected, where);
  }

  private java.util.Optional<Message> unpack(Any any, Descriptor expected, String where) {
    try {
      Message prototype = KNOWN.stream().filter(m -> m.getDescriptorForType() == expected).findFirst().orElseThrow();
      return java.util.Optional.of(prototype.getParserForType().parseFrom(any.getValue()));
    } catch (InvalidProtocolBufferException e) {
      violation(where + ": payload does not parse as " + expected.getFullName());
      return java.util.Optional.empty();
    }
  }

  private static final List<Message> KNOWN = List.of(
      HttpConnectionManager.getDefaultInstance(), TcpProxy.getDefaultInstance(), Router.getDefaultInstance(),
      OriginalDst.getDefaultInstance(), TlsInspector.getDefaultInstance(), DownstreamTlsContext.getDefaultInstance(),
      UpstreamTlsContext.getDefaultInstance(), FileAccessLog.getDefaultInstance(), HttpProtocolOptions.getDefaultInstance());
}
