package dev.meshplane.transformer.synth.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import dev.meshplane.transformer.synth.Protos;
import dev.meshplane.transformer.synth.ProxyConfig;
import dev.meshplane.transformer.synth.ProxyKind;
import dev.meshplane.transformer.synth.resolve.CertificateSource;
import dev.meshplane.transformer.synth.resolve.TlsOrigination;
import dev.meshplane.transformer.synth.resolve.TrustSource;
import dev.meshplane.transformer.synth.tls.CertificateProviderTls;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The proxyless TLS rules: only certificate provider instances, which grpc-java reads (gRFC A29). */
class StructuralChecksTest {
  private static final TlsOrigination FILE_MTLS = new TlsOrigination(
      Optional.of(new CertificateSource.File("/certs/client.pem", "/certs/client.key")),
      new TrustSource.File("/certs/ca.pem"), List.of("greeter.local"), List.of());

  @Test
  void certificateProviderInstancesPassForProxylessClients() {
    TransportSocket socket = CertificateProviderTls.upstream(FILE_MTLS).orElseThrow();

    assertThat(StructuralChecks.check(config(ProxyKind.PROXYLESS_GRPC, socket))).isEmpty();
  }

  @Test
  void fileMaterialIsAViolationForProxylessClientsOnly() {
    UpstreamTlsContext files = UpstreamTlsContext.newBuilder()
        .setCommonTlsContext(CommonTlsContext.newBuilder().setValidationContext(CertificateValidationContext.newBuilder()
            .setTrustedCa(DataSource.newBuilder().setFilename("/certs/ca.pem"))))
        .build();
    TransportSocket socket = TransportSocket.newBuilder()
        .setName("envoy.transport_sockets.tls").setTypedConfig(Any.pack(files)).build();

    assertThat(StructuralChecks.check(config(ProxyKind.PROXYLESS_GRPC, socket))).containsExactly(
        "cluster c: proxyless TLS with SDS or file material, which gRPC clients cannot read",
        "cluster c: proxyless TLS without a named ca_certificate_provider_instance");
    assertThat(StructuralChecks.check(config(ProxyKind.SIDECAR, socket))).isEmpty();
  }

  @Test
  void anUnnamedInstanceIsAViolation() {
    UpstreamTlsContext unnamed = UpstreamTlsContext.newBuilder()
        .setCommonTlsContext(CommonTlsContext.newBuilder().setValidationContext(CertificateValidationContext.newBuilder()
            .setCaCertificateProviderInstance(
                io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateProviderPluginInstance.getDefaultInstance())))
        .build();
    TransportSocket socket = TransportSocket.newBuilder()
        .setName("envoy.transport_sockets.tls").setTypedConfig(Protos.pack(unnamed)).build();

    assertThat(StructuralChecks.check(config(ProxyKind.PROXYLESS_GRPC, socket)))
        .containsExactly("cluster c: proxyless TLS without a named ca_certificate_provider_instance");
  }

  @Test
  void anSdsSecretIsListedOrFromTheBootstrapsAgentCluster() {
    SdsSecretConfig agent = SdsSecretConfig.newBuilder().setName("spiffe://example.org/ns/app")
        .setSdsConfig(ConfigSource.newBuilder().setApiConfigSource(ApiConfigSource.newBuilder()
            .setApiType(ApiConfigSource.ApiType.GRPC)
            .addGrpcServices(GrpcService.newBuilder().setEnvoyGrpc(
                GrpcService.EnvoyGrpc.newBuilder().setClusterName("static_cluster_sds_unix_socket")))))
        .build();
    SdsSecretConfig elsewhere = agent.toBuilder().setName("other")
        .setSdsConfig(agent.getSdsConfig().toBuilder().setApiConfigSource(agent.getSdsConfig().getApiConfigSource()
            .toBuilder().setGrpcServices(0, GrpcService.newBuilder().setEnvoyGrpc(
                GrpcService.EnvoyGrpc.newBuilder().setClusterName("not_in_bootstrap")))))
        .build();
    SdsSecretConfig unlisted = SdsSecretConfig.newBuilder().setName("acm-ca:x").setSdsConfig(Protos.ADS).build();
    UpstreamTlsContext context = UpstreamTlsContext.newBuilder().setCommonTlsContext(CommonTlsContext.newBuilder()
        .addTlsCertificateSdsSecretConfigs(agent)
        .addTlsCertificateSdsSecretConfigs(elsewhere)
        .setValidationContextSdsSecretConfig(unlisted))
        .build();
    TransportSocket socket = TransportSocket.newBuilder()
        .setName("envoy.transport_sockets.tls").setTypedConfig(Protos.pack(context)).build();

    assertThat(StructuralChecks.check(config(ProxyKind.SIDECAR, socket))).containsExactly(
        "cluster c: secret other is neither over ADS nor from the SDS agent",
        "cluster c: secret acm-ca:x is not listed");
  }

  private static ProxyConfig config(ProxyKind kind, TransportSocket socket) {
    Cluster cluster = Cluster.newBuilder().setName("c").setType(Cluster.DiscoveryType.EDS)
        .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(Protos.ADS))
        .setTransportSocket(socket).build();
    return new ProxyConfig("mesh/m/virtualNode/n", kind, List.of(), List.of(), List.of(cluster),
        List.of(ClusterLoadAssignment.newBuilder().setClusterName("c").build()), List.of(), List.of(), List.of());
  }
}
