package dev.meshplane.proxyconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import dev.meshplane.model.internal.ProxyConfig;
import dev.meshplane.model.internal.StoredProxyConfig;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredProxyConfigCodecTest {
  private static final Listener LISTENER = Listener.newBuilder()
      .setName("lds_ingress_0.0.0.0_15000")
      .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
          .setName("envoy.filters.network.tcp_proxy")
          .setTypedConfig(Any.pack(TcpProxy.newBuilder().setStatPrefix("ingress").setCluster("local").build()))))
      .build();
  private static final StoredProxyConfig STORED = StoredProxyConfig.newBuilder()
      .setSidecar(ProxyConfig.newBuilder()
          .setProxyKey("mesh/m/virtualNode/a")
          .setKind("SIDECAR")
          .addListeners(Any.pack(LISTENER))
          .addClusters(Any.pack(Cluster.newBuilder().setName("cds_local").build())))
      .build();

  @Test
  void decodesWhatItEncodes() {
    assertThat(StoredProxyConfigCodec.decode(StoredProxyConfigCodec.encode(STORED))).isEqualTo(STORED);
  }

  @Test
  void rejectsBytesThatAreNotAPayload() {
    assertThatThrownBy(() -> StoredProxyConfigCodec.decode(new byte[] {(byte) 0xff, 0x01}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a proxy config payload");
  }

  @Test
  void unpacksResourcesIntoTheirEnvoyType() {
    assertThat(StoredProxyConfigCodec.unpack(STORED.getSidecar().getListenersList(), Listener.class))
        .containsExactly(LISTENER);
  }

  @Test
  void refusesToUnpackAResourceAsAnotherType() {
    List<Any> clusters = STORED.getSidecar().getClustersList();
    assertThatThrownBy(() -> StoredProxyConfigCodec.unpack(clusters, Listener.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resource is not a Listener");
  }

  @Test
  void printsEnvoyJsonWithPackedTypesExpanded() {
    String json = EnvoyJson.print(STORED);

    assertThat(json)
        .contains("\"@type\": \"type.googleapis.com/envoy.config.listener.v3.Listener\"")
        .contains("\"@type\": \"type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy\"")
        .contains("\"statPrefix\": \"ingress\"")
        .contains("\"proxyKey\": \"mesh/m/virtualNode/a\"");
  }
}
