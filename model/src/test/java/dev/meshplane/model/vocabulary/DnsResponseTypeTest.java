package dev.meshplane.model.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.appmesh.DnsServiceDiscovery;
import dev.meshplane.model.options.Options;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A DNS discovery's response type as stored, the default where none is, and what it means for the addresses. */
class DnsResponseTypeTest {
  @ParameterizedTest(name = "\"{0}\" -> {1}, one address is the target: {2}")
  @CsvSource(value = {
      "LOADBALANCER, LOADBALANCER, true",
      "ENDPOINTS,    ENDPOINTS,    false",
      "'',           LOADBALANCER, true"})
  void of(String stored, DnsResponseType expected, boolean oneAddress) {
    assertThat(DnsResponseType.of(stored)).isEqualTo(expected);
    assertThat(DnsResponseType.of(stored).oneAddressIsTheTarget()).isEqualTo(oneAddress);
  }

  @Test
  void theModelsEnumIsTheVocabulary() {
    assertThat(DnsServiceDiscovery.getDescriptor().findFieldByName("response_type").getOptions().getExtension(Options.enumValue))
        .containsExactlyInAnyOrderElementsOf(Arrays.stream(DnsResponseType.values()).map(Enum::name).toList());
  }
}
