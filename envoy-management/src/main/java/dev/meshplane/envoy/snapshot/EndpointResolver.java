package dev.meshplane.envoy.snapshot;

import com.google.protobuf.UInt32Value;
import dev.meshplane.model.internal.DnsResolution;
import dev.meshplane.model.internal.EndpointResolution;
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

/**
 * Turns the endpoint resolutions of a proxy config into cluster load assignments. DNS names are
 * looked up here; a lookup that fails keeps the cluster's previous assignment (static stability),
 * and a cluster never resolved is left out rather than served empty.
 */
public final class EndpointResolver {

  /** The DNS lookup, replaceable in tests. */
  @FunctionalInterface
  public interface HostLookup {
    InetAddress[] lookup(String hostname) throws UnknownHostException;
  }

  private final HostLookup lookup;

  public EndpointResolver(HostLookup lookup) {
    this.lookup = lookup;
  }

  public static EndpointResolver dns() {
    return new EndpointResolver(InetAddress::getAllByName);
  }

  /** Assignments by cluster name, for every resolution that resolved now or before. */
  public Map<String, ClusterLoadAssignment> resolve(
      List<EndpointResolution> resolutions, Map<String, ClusterLoadAssignment> previous) {
    Map<String, ClusterLoadAssignment> result = new LinkedHashMap<>();
    for (EndpointResolution resolution : resolutions) {
      Optional<ClusterLoadAssignment> resolved = resolution.hasDns() ? lookUp(resolution) : Optional.empty();
      // Cloud Map resolutions have no resolver yet: they keep whatever they had (nothing).
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
    List<InetAddress> chosen = dns.getResponseType().equals("LOADBALANCER") ? usable.subList(0, 1) : usable;
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

  private static boolean accepts(String ipPreference, InetAddress address) {
    return switch (ipPreference) {
      case "IPv4_ONLY" -> address instanceof Inet4Address;
      case "IPv6_ONLY" -> address instanceof Inet6Address;
      default -> true;
    };
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
