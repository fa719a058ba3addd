package dev.meshplane.envoy.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.internal.DnsResolution;
import dev.meshplane.model.internal.EndpointResolution;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

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

  private static EndpointResolution dns(String responseType) {
    return EndpointResolution.newBuilder().setClusterName("cds_backend").setPort(8080)
        .setDns(DnsResolution.newBuilder().setHostname("backend.local").setResponseType(responseType))
        .build();
  }
}
