package dev.meshplane.model.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import dev.meshplane.model.appmesh.AwsCloudMapServiceDiscovery;
import dev.meshplane.model.appmesh.DnsServiceDiscovery;
import dev.meshplane.model.appmesh.MeshServiceDiscovery;
import dev.meshplane.model.options.Options;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The IP preference of a mesh or a node's discovery: the stored word, and which addresses it takes in which order. */
class IpPreferenceTest {
  @ParameterizedTest(name = "{0}: IPv6 first {1}, IPv4 {2}, IPv6 {3}")
  @CsvSource({
      "IPv6_PREFERRED, true,  true,  true",
      "IPv4_PREFERRED, false, true,  true",
      "IPv4_ONLY,      false, true,  false",
      "IPv6_ONLY,      true,  false, true"})
  void addresses(String stored, boolean ipv6First, boolean ipv4, boolean ipv6) {
    IpPreference preference = IpPreference.parse(stored).orElseThrow();
    assertThat(preference.name()).isEqualTo(stored);
    assertThat(preference.ipv6First()).isEqualTo(ipv6First);
    assertThat(preference.allowsIpv4()).isEqualTo(ipv4);
    assertThat(preference.allowsIpv6()).isEqualTo(ipv6);
  }

  @ParameterizedTest(name = "\"{0}\" is no preference")
  @CsvSource(value = {"''", "IPV6_PREFERRED", "ipv4_only"})
  void anAbsentOrUnknownWordIsNoPreference(String stored) {
    assertThat(IpPreference.parse(stored)).isEqualTo(Optional.empty());
  }

  /** Validation checks these fields against the model's values: they are exactly this vocabulary. */
  @Test
  void theModelsEnumsAreTheVocabulary() {
    for (Descriptor owner : new Descriptor[] {
        MeshServiceDiscovery.getDescriptor(), DnsServiceDiscovery.getDescriptor(), AwsCloudMapServiceDiscovery.getDescriptor()}) {
      assertThat(owner.findFieldByName("ip_preference").getOptions().getExtension(Options.enumValue))
          .as(owner.getName())
          .containsExactlyInAnyOrderElementsOf(Arrays.stream(IpPreference.values()).map(Enum::name).toList());
    }
  }
}
