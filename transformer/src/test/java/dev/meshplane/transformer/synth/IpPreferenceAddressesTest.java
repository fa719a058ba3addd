package dev.meshplane.transformer.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * App Mesh's IPv6 walkthrough table: any IP preference binds the listeners to every IPv4 and IPv6
 * address; the IPv6 preferences reach the local application on ::1. A node's own preference
 * overrides the mesh's; a gateway takes the mesh's.
 */
class IpPreferenceAddressesTest {
  private static List<ProxyConfig> synthesize(String meshSpec, String nodeDiscovery) throws Exception {
    String input = """
        {"mesh": "m", "resources": [
          {"kind": "Mesh", "spec": %s},
          {"kind": "VirtualNode", "name": "app", "spec": {
            "listeners": [{"portMapping": {"port": 8080, "protocol": "http"}}],
            "serviceDiscovery": %s}},
          {"kind": "VirtualGateway", "name": "gw", "spec": {
            "listeners": [{"portMapping": {"port": 9090, "protocol": "http"}}]}}]}
        """.formatted(meshSpec, nodeDiscovery);
    GoldenScenario scenario = GoldenScenario.of("ip", new ObjectMapper().readTree(input));
    return GoldenFilesTest.synthesize(scenario.snapshot(), scenario);
  }

  private static SocketAddress listener(List<ProxyConfig> configs, String key, String name) {
    return configs.stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow()
        .listeners().stream().filter(l -> l.getName().equals(name)).findFirst().orElseThrow()
        .getAddress().getSocketAddress();
  }

  private static String localApplication(List<ProxyConfig> configs) {
    return configs.stream().filter(c -> c.key().equals("mesh/m/virtualNode/app")).findFirst().orElseThrow()
        .clusters().stream().filter(c -> c.getName().equals("cds_ingress_m_app_http_8080")).findFirst().orElseThrow()
        .getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress().getSocketAddress()
        .getAddress();
  }

  @Test
  void withoutAPreferenceOnlyIpv4() throws Exception {
    var configs = synthesize("{}", "{\"dns\": {\"hostname\": \"app.local\"}}");
    var ingress = listener(configs, "mesh/m/virtualNode/app", "lds_ingress_0.0.0.0_15000");
    assertThat(ingress.getAddress()).isEqualTo("0.0.0.0");
    assertThat(ingress.getIpv4Compat()).isFalse();
    assertThat(listener(configs, "mesh/m/virtualGateway/gw", "lds_ingress_0.0.0.0_9090").getAddress()).isEqualTo("0.0.0.0");
    assertThat(localApplication(configs)).isEqualTo("127.0.0.1");
  }

  @Test
  void anIpv6PreferenceBindsBothAndReachesTheApplicationOnIpv6() throws Exception {
    var configs = synthesize("{\"serviceDiscovery\": {\"ipPreference\": \"IPv6_ONLY\"}}",
        "{\"dns\": {\"hostname\": \"app.local\"}}");
    for (var name : List.of("lds_ingress_0.0.0.0_15000", "lds_egress_0.0.0.0_15001")) {
      var address = listener(configs, "mesh/m/virtualNode/app", name);
      assertThat(address.getAddress()).isEqualTo("::");
      assertThat(address.getIpv4Compat()).isTrue();
    }
    var gateway = listener(configs, "mesh/m/virtualGateway/gw", "lds_ingress_0.0.0.0_9090");
    assertThat(gateway.getAddress()).isEqualTo("::");
    assertThat(gateway.getIpv4Compat()).isTrue();
    assertThat(localApplication(configs)).isEqualTo("::1");
  }

  @Test
  void theNodesOwnPreferenceOverridesTheMeshs() throws Exception {
    var configs = synthesize("{\"serviceDiscovery\": {\"ipPreference\": \"IPv6_PREFERRED\"}}",
        "{\"awsCloudMap\": {\"namespaceName\": \"ns\", \"serviceName\": \"app\", \"ipPreference\": \"IPv4_PREFERRED\"}}");
    assertThat(listener(configs, "mesh/m/virtualNode/app", "lds_ingress_0.0.0.0_15000").getAddress()).isEqualTo("::");
    assertThat(localApplication(configs)).isEqualTo("127.0.0.1");
  }
}
