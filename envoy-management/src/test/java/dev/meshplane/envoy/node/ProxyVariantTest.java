package dev.meshplane.envoy.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;
import org.junit.jupiter.api.Test;

class ProxyVariantTest {

  @Test
  void grpcLibrariesAreProxylessAndEverythingElseASidecar() {
    assertThat(ProxyVariant.of(Node.newBuilder().setUserAgentName("gRPC Java").build()))
        .isEqualTo(ProxyVariant.PROXYLESS_GRPC);
    assertThat(ProxyVariant.of(Node.newBuilder().setUserAgentName("gRPC Go").build()))
        .isEqualTo(ProxyVariant.PROXYLESS_GRPC);
    assertThat(ProxyVariant.of(Node.newBuilder().setUserAgentName("envoy").build())).isEqualTo(ProxyVariant.SIDECAR);
    assertThat(ProxyVariant.of(Node.getDefaultInstance())).isEqualTo(ProxyVariant.SIDECAR);
  }

  @Test
  void metadataOverridesTheUserAgent() {
    assertThat(ProxyVariant.of(node("gRPC Java", "sidecar"))).isEqualTo(ProxyVariant.SIDECAR);
    assertThat(ProxyVariant.of(node("envoy", "proxyless"))).isEqualTo(ProxyVariant.PROXYLESS_GRPC);
    assertThatThrownBy(() -> ProxyVariant.of(node("envoy", "both"))).hasMessageContaining("meshplane.proxy_kind");
  }

  private static Node node(String userAgent, String kind) {
    return Node.newBuilder().setUserAgentName(userAgent)
        .setMetadata(Struct.newBuilder().putFields(ProxyVariant.KIND_METADATA, Value.newBuilder().setStringValue(kind).build()))
        .build();
  }
}
