package dev.meshplane.transformer.synth.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.ProtoJson;
import dev.meshplane.model.appmesh.VirtualNodeSpec;
import dev.meshplane.model.vocabulary.IpPreference;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A node's IP preference (its DNS or Cloud Map discovery's own, else the mesh's) and what it means
 * for where its proxy binds and reaches its application. '' is "not stated".
 */
class DiscoveryPreferencesTest {
  @ParameterizedTest(name = "{0} {1}, mesh {2} -> {3}")
  @CsvSource(value = {
      "dns,         '',             '',             ''",
      "dns,         '',             IPv6_PREFERRED, IPv6_PREFERRED",
      "dns,         IPv4_ONLY,      IPv6_PREFERRED, IPv4_ONLY",
      "dns,         IPv6_ONLY,      '',             IPv6_ONLY",
      "awsCloudMap, '',             IPv4_PREFERRED, IPv4_PREFERRED",
      "awsCloudMap, IPv6_PREFERRED, IPv4_ONLY,      IPv6_PREFERRED"})
  void theNodesOwnPreferenceElseTheMeshs(String discovery, String node, String mesh, String expected) {
    String preference = node.isEmpty() ? "" : ",\"ipPreference\":\"" + node + "\"";
    String spec = discovery.equals("dns")
        ? "{\"serviceDiscovery\":{\"dns\":{\"hostname\":\"a.local\"" + preference + "}}}"
        : "{\"serviceDiscovery\":{\"awsCloudMap\":{\"namespaceName\":\"ns\",\"serviceName\":\"a\"" + preference + "}}}";

    assertThat(TargetNodes.ipPreference(ProtoJson.parse(spec, VirtualNodeSpec.getDefaultInstance()), IpPreference.parse(mesh)))
        .isEqualTo(IpPreference.parse(expected));
  }

  @ParameterizedTest(name = "{0} -> bind {1}, application {2}")
  @CsvSource(value = {
      "'',             0.0.0.0, false, 127.0.0.1",
      "IPv4_PREFERRED, ::,      true,  127.0.0.1",
      "IPv4_ONLY,      ::,      true,  127.0.0.1",
      "IPv6_PREFERRED, ::,      true,  ::1",
      "IPv6_ONLY,      ::,      true,  ::1"})
  void addressesOfTheProxy(String preference, String bind, boolean ipv4Compatible, String application) {
    Optional<IpPreference> parsed = IpPreference.parse(preference);
    assertThat(ProxyAddresses.of(parsed)).isEqualTo(new ProxyAddresses(bind, ipv4Compatible, application));
  }
}
