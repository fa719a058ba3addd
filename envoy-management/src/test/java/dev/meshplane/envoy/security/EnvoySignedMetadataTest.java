package dev.meshplane.envoy.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.auth.sigv4.SignedRequest;
import io.grpc.Metadata;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvoySignedMetadataTest {
  private static final Metadata.Key<String> DATE = Metadata.Key.of("x-amz-date", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> CONTENT = Metadata.Key.of("x-amz-content-sha256", Metadata.ASCII_STRING_MARSHALLER);

  @Test
  void rebuildsWhatEnvoySignedFromTheCall() {
    Metadata headers = new Metadata();
    headers.put(EnvoySignedMetadata.AUTHORIZATION, "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-west-2/appmesh/aws4_request, "
        + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=00");
    headers.put(DATE, "20260101T000000Z");
    headers.put(CONTENT, EnvoySignedMetadata.EMPTY_PAYLOAD_HASH);
    headers.put(Metadata.Key.of("trace-bin", Metadata.BINARY_BYTE_MARSHALLER), new byte[] {1});

    SignedRequest request = EnvoySignedMetadata.request(
        "envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources", "xds.example.com:7081", headers);

    assertThat(EnvoySignedMetadata.isSigned(headers)).isTrue();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources");
    assertThat(request.rawQuery()).isEmpty();
    // Envoy signs with sign_body=false: the hash of nothing, whatever the stream carries.
    assertThat(request.payloadHash()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(request.headers()).containsEntry("host", List.of("xds.example.com:7081"))
        .containsEntry("x-amz-date", List.of("20260101T000000Z"))
        .doesNotContainKey("trace-bin");
  }

  @Test
  void theHttpsDefaultPortIsNotPartOfTheSignedHost() {
    // gRPC builds the service URL handed to Envoy's plugin without ":443".
    assertThat(EnvoySignedMetadata.signedHost("xds.example.com:443")).isEqualTo("xds.example.com");
    assertThat(EnvoySignedMetadata.signedHost("xds.example.com:7081")).isEqualTo("xds.example.com:7081");
    assertThat(EnvoySignedMetadata.isSigned(new Metadata())).isFalse();
  }
}
