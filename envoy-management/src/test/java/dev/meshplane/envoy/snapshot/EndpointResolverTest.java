package dev.meshplane.envoy.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.envoy.cloudmap.CloudMapResolver;
import dev.meshplane.model.internal.DnsResolution;
import dev.meshplane.model.internal.EndpointResolution;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointResolverTest {
  private final AtomicBoolean dnsUp = new AtomicBoolean(true);
  private final EndpointResolver resolver = new EndpointResolver(host -> {
    if (!dnsUp.get()) {
      throw new UnknownHostException(host);
    }
    return new InetAddress[] {
        InetAddress.getByAddress(host, new byte[] {10, 0, 0, 2}), InetAddress.getByAddress(host, new byte[] {10, 0, 0, 1})};
  });

  @Test
  void endpointsResolveIntoOneWeightedLocalityOnThePort() {
    Map<String, ClusterLoadAssignment> resolved = resolver.resolve(List.of(dns("ENDPOINTS")), Map.of());

    ClusterLoadAssignment assignment = resolved.get("cds_backend");
    assertThat(assignment.getEndpointsCount()).isEqualTo(1);
    assertThat(assignment.getEndpoints(0).getLoadBalancingWeight().getValue()).isEqualTo(1);
    assertThat(assignment.getEndpoints(0).getLbEndpointsList())
        .extracting(e -> e.getEndpoint().getAddress().getSocketAddress().getAddress() + ":"
            + e.getEndpoint().getAddress().getSocketAddress().getPortValue())
        .containsExactly("10.0.0.1:8080", "10.0.0.2:8080");
  }

  @Test
  void aLoadBalancerNameIsOneEndpoint() {
    assertThat(resolver.resolve(List.of(dns("LOADBALANCER")), Map.of()).get("cds_backend")
        .getEndpoints(0).getLbEndpointsCount()).isEqualTo(1);
  }

  @Test
  void aFailedLookupKeepsThePreviousEndpointsAndNeverServesNone() {
    Map<String, ClusterLoadAssignment> before = resolver.resolve(List.of(dns("ENDPOINTS")), Map.of());
    dnsUp.set(false);

    assertThat(resolver.resolve(List.of(dns("ENDPOINTS")), before)).isEqualTo(before);
    assertThat(resolver.resolve(List.of(dns("ENDPOINTS")), Map.of())).isEmpty();
  }

  /** A Cloud Map instance's address by the stored IP preference ('' is none); '-' for no address. */
  @ParameterizedTest(name = "{0} of v4 {1} / v6 {2} -> {3}")
  @CsvSource(value = {
      "'',             10.0.0.1, fd00::1, 10.0.0.1",
      "'',             -,        fd00::1, fd00::1",
      "IPv4_PREFERRED, 10.0.0.1, fd00::1, 10.0.0.1",
      "IPv4_PREFERRED, -,        fd00::1, fd00::1",
      "IPv6_PREFERRED, 10.0.0.1, fd00::1, fd00::1",
      "IPv6_PREFERRED, 10.0.0.1, -,       10.0.0.1",
      "IPv4_ONLY,      10.0.0.1, fd00::1, 10.0.0.1",
      "IPv4_ONLY,      -,        fd00::1, -",
      "IPv6_ONLY,      10.0.0.1, fd00::1, fd00::1",
      "IPv6_ONLY,      10.0.0.1, -,       -"})
  void cloudMapAddressByPreference(String preference, String ipv4, String ipv6, String expected) {
    Map<String, String> attributes = new HashMap<>();
    if (!ipv4.equals("-")) {
      attributes.put("AWS_INSTANCE_IPV4", ipv4);
    }
    if (!ipv6.equals("-")) {
      attributes.put("AWS_INSTANCE_IPV6", ipv6);
    }
    assertThat(EndpointResolver.address(preference, new CloudMapResolver.Instance("i-1", attributes)))
        .isEqualTo(expected.equals("-") ? Optional.empty() : Optional.of(expected));
  }

  /** Which resolved DNS addresses the stored IP preference keeps ('' is none). */
  @ParameterizedTest(name = "{0} keeps {1}: {2}")
  @CsvSource(value = {
      "'',             10.0.0.1, true", "'',             fd00::1, true",
      "IPv4_PREFERRED, 10.0.0.1, true", "IPv4_PREFERRED, fd00::1, true",
      "IPv6_PREFERRED, 10.0.0.1, true", "IPv6_PREFERRED, fd00::1, true",
      "IPv4_ONLY,      10.0.0.1, true", "IPv4_ONLY,      fd00::1, false",
      "IPv6_ONLY,      10.0.0.1, false", "IPv6_ONLY,     fd00::1, true"})
  void dnsAddressesByPreference(String preference, String address, boolean kept) throws UnknownHostException {
    assertThat(EndpointResolver.accepts(preference, InetAddress.getByName(address))).isEqualTo(kept);
  }

  private static EndpointResolution dns(String responseType) {
    return EndpointResolution.newBuilder().setClusterName("cds_backend").setPort(8080)
        .setDns(DnsResolution.newBuilder().setHostname("backend.local").setResponseType(responseType))
        .build();
  }
}
