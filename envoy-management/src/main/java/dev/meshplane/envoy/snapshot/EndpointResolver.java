package dev.meshplane.envoy.snapshot;

import com.google.protobuf.UInt32Value;
import dev.meshplane.envoy.cloudmap.CloudMapResolver;
import dev.meshplane.model.internal.CloudMapResolution;
import dev.meshplane.model.internal.DnsResolution;
import dev.meshplane.model.internal.EndpointResolution;
import dev.meshplane.model.vocabulary.DnsResponseType;
import dev.meshplane.model.vocabulary.IpPreference;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the endpoint resolutions of a proxy config into cluster load assignments. DNS names are
 * looked up through the {@link HostLookup} (in the service: the shared, caching
 * {@code dns.DnsResolver}); a lookup that fails keeps the cluster's previous assignment (static stability),
 * and a cluster never resolved is left out rather than served empty. Cloud Map services are asked
 * through a shared {@link CloudMapResolver}; without one they are skipped (with a warning).
 */
public final class EndpointResolver {
  private static final Logger LOG = LoggerFactory.getLogger(EndpointResolver.class);

  /** The DNS lookup, replaceable in tests. */
  @FunctionalInterface
  public interface HostLookup {
    InetAddress[] lookup(String hostname) throws UnknownHostException;
  }

  private final HostLookup lookup;
  private final Optional<CloudMapResolver> cloudMap;
  private final Set<CloudMapResolver.Key> warnedUnresolvable = ConcurrentHashMap.newKeySet();

  public EndpointResolver(HostLookup lookup) {
    this(lookup, Optional.empty());
  }

  public EndpointResolver(HostLookup lookup, Optional<CloudMapResolver> cloudMap) {
    this.lookup = lookup;
    this.cloudMap = cloudMap;
  }

  public static EndpointResolver dns() {
    return new EndpointResolver(InetAddress::getAllByName);
  }

  /** DNS through the system resolver, Cloud Map through {@code cloudMap}. */
  public static EndpointResolver dnsAndCloudMap(CloudMapResolver cloudMap) {
    return new EndpointResolver(InetAddress::getAllByName, Optional.of(cloudMap));
  }

  /** Assignments by cluster name, for every resolution that resolved now or before. */
  public Map<String, ClusterLoadAssignment> resolve(
      List<EndpointResolution> resolutions, Map<String, ClusterLoadAssignment> previous) {
    Map<String, ClusterLoadAssignment> result = new LinkedHashMap<>();
    for (EndpointResolution resolution : resolutions) {
      Optional<ClusterLoadAssignment> resolved = switch (resolution.getSourceCase()) {
        case DNS -> lookUp(resolution);
        case CLOUD_MAP -> discover(resolution);
        default -> Optional.empty();
      };
      Optional<ClusterLoadAssignment> assignment =
          resolved.or(() -> Optional.ofNullable(previous.get(resolution.getClusterName())));
      assignment.ifPresent(a -> result.merge(resolution.getClusterName(), a, EndpointResolver::merge));
    }
    return result;
  }

  private Optional<ClusterLoadAssignment> lookUp(EndpointResolution resolution) {
    DnsResolution dns = resolution.getDns();
    InetAddress[] addresses;
    try {
      addresses = lookup.lookup(dns.getHostname());
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    List<InetAddress> usable = Arrays.stream(addresses)
        .filter(a -> accepts(dns.getIpPreference(), a))
        .sorted(Comparator.comparing(InetAddress::getHostAddress))
        .toList();
    if (usable.isEmpty()) {
      return Optional.empty();
    }
    // LOADBALANCER: the name points at a load balancer, one address is the whole target.
    List<InetAddress> chosen = DnsResponseType.of(dns.getResponseType()).oneAddressIsTheTarget() ? usable.subList(0, 1) : usable;
    LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder()
        .setLocality(Locality.getDefaultInstance())
        // gRPC xDS clients drop localities without a weight.
        .setLoadBalancingWeight(UInt32Value.of(1));
    for (InetAddress address : chosen) {
      Endpoint.Builder endpoint = Endpoint.newBuilder().setAddress(socket(address, resolution.getPort()));
      if (resolution.getHealthCheckPort() != 0) {
        endpoint.getHealthCheckConfigBuilder().setPortValue(resolution.getHealthCheckPort());
      }
      locality.addLbEndpoints(LbEndpoint.newBuilder().setEndpoint(endpoint));
    }
    return Optional.of(ClusterLoadAssignment.newBuilder()
        .setClusterName(resolution.getClusterName())
        .addEndpoints(locality)
        .build());
  }

  private Optional<ClusterLoadAssignment> discover(EndpointResolution resolution) {
    CloudMapResolution cloudMapResolution = resolution.getCloudMap();
    if (cloudMap.isEmpty()) {
      if (warnedUnresolvable.add(CloudMapResolver.Key.of(cloudMapResolution))) {
        LOG.warn("cluster {} uses Cloud Map service {}/{} but no Cloud Map client is configured; it gets no endpoints",
            resolution.getClusterName(), cloudMapResolution.getNamespaceName(), cloudMapResolution.getServiceName());
      }
      return Optional.empty();
    }
    // Empty: never answered (or only failed); the caller keeps the previous assignment.
    return cloudMap.get().instances(cloudMapResolution).map(instances -> {
      LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder()
          .setLocality(Locality.getDefaultInstance())
          .setLoadBalancingWeight(UInt32Value.of(1));
      for (CloudMapResolver.Instance instance : instances) {
        Optional<String> ip = address(cloudMapResolution.getIpPreference(), instance);
        // App Mesh sends traffic to the virtual node's listener port; AWS_INSTANCE_PORT only without one.
        int port = resolution.getPort() != 0 ? resolution.getPort() : instance.port().orElse(0);
        if (ip.isEmpty() || port == 0) {
          continue;
        }
        Endpoint.Builder endpoint = Endpoint.newBuilder().setAddress(Address.newBuilder()
            .setSocketAddress(SocketAddress.newBuilder().setAddress(ip.get()).setPortValue(port)));
        if (resolution.getHealthCheckPort() != 0) {
          endpoint.getHealthCheckConfigBuilder().setPortValue(resolution.getHealthCheckPort());
        }
        locality.addLbEndpoints(LbEndpoint.newBuilder().setEndpoint(endpoint));
      }
      // A successful answer with no instances is a real empty set: the cluster is served with none.
      ClusterLoadAssignment.Builder assignment =
          ClusterLoadAssignment.newBuilder().setClusterName(resolution.getClusterName());
      if (locality.getLbEndpointsCount() > 0) {
        assignment.addEndpoints(locality);
      }
      return assignment.build();
    });
  }

  /** The instance's address the preference takes: without one, IPv4 before IPv6. */
  static Optional<String> address(String ipPreference, CloudMapResolver.Instance instance) {
    Optional<IpPreference> preference = IpPreference.parse(ipPreference);
    Optional<String> ipv4 = instance.ipv4().filter(a -> preference.map(IpPreference::allowsIpv4).orElse(true));
    Optional<String> ipv6 = instance.ipv6().filter(a -> preference.map(IpPreference::allowsIpv6).orElse(true));
    return preference.map(IpPreference::ipv6First).orElse(false) ? ipv6.or(() -> ipv4) : ipv4.or(() -> ipv6);
  }

  static boolean accepts(String ipPreference, InetAddress address) {
    return IpPreference.parse(ipPreference)
        .map(p -> address instanceof Inet4Address ? p.allowsIpv4() : address instanceof Inet6Address && p.allowsIpv6())
        .orElse(true);
  }

  private static Address socket(InetAddress address, int port) {
    return Address.newBuilder()
        .setSocketAddress(SocketAddress.newBuilder().setAddress(address.getHostAddress()).setPortValue(port))
        .build();
  }

  private static ClusterLoadAssignment merge(ClusterLoadAssignment a, ClusterLoadAssignment b) {
    return a.toBuilder().addAllEndpoints(b.getEndpointsList()).build();
  }
}
