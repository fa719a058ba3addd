package dev.meshplane.transformer.synth.tls;

import com.google.common.net.InetAddresses;
import dev.meshplane.transformer.synth.ProxyResources;
import dev.meshplane.transformer.synth.Protos;
import dev.meshplane.transformer.synth.SecretReference;
import dev.meshplane.transformer.synth.SynthesisOptions;
import dev.meshplane.transformer.synth.resolve.CertificateSource;
import dev.meshplane.transformer.synth.resolve.TlsOrigination;
import dev.meshplane.transformer.synth.resolve.TlsTermination;
import dev.meshplane.transformer.synth.resolve.TrustSource;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;
import java.util.Optional;

/**
 * TLS transport sockets: listener TLS (termination) and client-policy TLS (origination). File
 * certificates are paths on the proxy; ACM material (and, when so configured, App Mesh {@code sds}
 * names) is requested over ADS by name and recorded as a {@link SecretReference} for the
 * management service to serve; by default {@code sds} names go to the local SDS agent.
 */
public final class TlsContexts {
  public static final String TRANSPORT_SOCKET = "envoy.transport_sockets.tls";
  /** The SDS agent's cluster in the App Mesh Envoy image's bootstrap (not in the xDS set). */
  public static final String SDS_AGENT_CLUSTER = "static_cluster_sds_unix_socket";
  /** The SDS name of the root CA an ACM certificate chains up to: this and the certificate's ARN. */
  public static final String ACM_ROOT_PREFIX = "acm-root:";

  private static final ConfigSource SDS_AGENT = ConfigSource.newBuilder()
      .setApiConfigSource(ApiConfigSource.newBuilder()
          .setApiType(ApiConfigSource.ApiType.GRPC)
          .setTransportApiVersion(ApiVersion.V3)
          .addGrpcServices(GrpcService.newBuilder()
              .setEnvoyGrpc(GrpcService.EnvoyGrpc.newBuilder().setClusterName(SDS_AGENT_CLUSTER))))
      .setResourceApiVersion(ApiVersion.V3)
      .build();

  private TlsContexts() {}

  public static TransportSocket downstream(TlsTermination tls, ProxyResources out) {
    CommonTlsContext.Builder common = CommonTlsContext.newBuilder();
    certificate(tls.certificate(), common, out);
    tls.trust().ifPresent(trust -> validation(trust, tls.subjectAlternativeNames(), common, out));
    DownstreamTlsContext context =
        DownstreamTlsContext.newBuilder()
            .setCommonTlsContext(common)
            .setRequireClientCertificate(Protos.boolValue(tls.trust().isPresent()))
            .build();
    return TransportSocket.newBuilder().setName(TRANSPORT_SOCKET).setTypedConfig(Protos.pack(context)).build();
  }

  public static TransportSocket upstream(TlsOrigination tls, ProxyResources out) {
    CommonTlsContext.Builder common = CommonTlsContext.newBuilder();
    tls.certificate().ifPresent(c -> certificate(c, common, out));
    validation(tls.trust(), tls.subjectAlternativeNames(), common, out);
    UpstreamTlsContext context = UpstreamTlsContext.newBuilder().setCommonTlsContext(common).build();
    return TransportSocket.newBuilder().setName(TRANSPORT_SOCKET).setTypedConfig(Protos.pack(context)).build();
  }

  /**
   * TLS toward a listener that terminates it when no client policy applies, as App Mesh's clients
   * negotiated it: an ACM certificate is validated against the root CA it chains up to, file and
   * SDS certificates are not validated.
   */
  public static TransportSocket upstreamDecidedByServer(TlsTermination server, ProxyResources out) {
    CommonTlsContext.Builder common = CommonTlsContext.newBuilder();
    if (server.certificate() instanceof CertificateSource.Acm acm) {
      common.setValidationContextSdsSecretConfig(
          sds(ACM_ROOT_PREFIX + acm.certificateArn(), SecretReference.Source.ACM_CERTIFICATE_ROOT, out));
    }
    UpstreamTlsContext context = UpstreamTlsContext.newBuilder().setCommonTlsContext(common).build();
    return TransportSocket.newBuilder().setName(TRANSPORT_SOCKET).setTypedConfig(Protos.pack(context)).build();
  }

  private static void certificate(CertificateSource source, CommonTlsContext.Builder common, ProxyResources out) {
    if (source instanceof CertificateSource.File file) {
      common.addTlsCertificates(TlsCertificate.newBuilder()
          .setCertificateChain(DataSource.newBuilder().setFilename(file.certificateChain()))
          .setPrivateKey(DataSource.newBuilder().setFilename(file.privateKey())));
    } else if (source instanceof CertificateSource.Sds sds) {
      common.addTlsCertificateSdsSecretConfigs(sds(sds.secretName(), SecretReference.Source.SDS, out));
    } else if (source instanceof CertificateSource.Acm acm) {
      common.addTlsCertificateSdsSecretConfigs(
          sds(acm.certificateArn(), SecretReference.Source.ACM_CERTIFICATE, out));
    }
  }

  private static void validation(
      TrustSource trust, List<String> sans, CommonTlsContext.Builder common, ProxyResources out) {
    CertificateValidationContext.Builder names = CertificateValidationContext.newBuilder();
    sans.forEach(san -> {
      if (InetAddresses.isInetAddress(san)) {
        // A discovery name that is an address is matched as an IP SAN.
        names.addMatchTypedSubjectAltNames(san(SubjectAltNameMatcher.SanType.IP_ADDRESS, san));
      } else {
        names.addMatchTypedSubjectAltNames(san(SubjectAltNameMatcher.SanType.DNS, san))
            .addMatchTypedSubjectAltNames(san(SubjectAltNameMatcher.SanType.URI, san));
      }
    });
    Optional<SdsSecretConfig> secret = Optional.empty();
    if (trust instanceof TrustSource.File file) {
      names.setTrustedCa(DataSource.newBuilder().setFilename(file.certificateChain()));
    } else if (trust instanceof TrustSource.Sds sds) {
      secret = Optional.of(sds(sds.secretName(), SecretReference.Source.SDS, out));
    } else if (trust instanceof TrustSource.Acm acm) {
      secret = Optional.of(sds(
          "acm-ca:" + String.join(",", acm.certificateAuthorityArns()),
          SecretReference.Source.ACM_CERTIFICATE_AUTHORITIES,
          out));
    }
    if (secret.isEmpty()) {
      common.setValidationContext(names);
    } else if (sans.isEmpty()) {
      common.setValidationContextSdsSecretConfig(secret.get());
    } else {
      // The trusted CAs come from the secret, the names to accept from the config.
      common.setCombinedValidationContext(CommonTlsContext.CombinedCertificateValidationContext.newBuilder()
          .setDefaultValidationContext(names)
          .setValidationContextSdsSecretConfig(secret.get()));
    }
  }

  /** App Mesh's SAN list matched any name type, so each name is accepted as DNS and as URI. */
  private static SubjectAltNameMatcher san(SubjectAltNameMatcher.SanType type, String name) {
    return SubjectAltNameMatcher.newBuilder()
        .setSanType(type)
        .setMatcher(StringMatcher.newBuilder().setExact(name))
        .build();
  }

  /**
   * App Mesh {@code sds} names go to the local SDS agent or, when so configured, over ADS like ACM
   * material; what goes over ADS is recorded for the management service to serve.
   */
  private static SdsSecretConfig sds(String name, SecretReference.Source source, ProxyResources out) {
    if (source == SecretReference.Source.SDS && out.options().sdsSource() == SynthesisOptions.SdsSource.AGENT) {
      return SdsSecretConfig.newBuilder().setName(name).setSdsConfig(SDS_AGENT).build();
    }
    out.add(new SecretReference(name, source));
    return SdsSecretConfig.newBuilder().setName(name).setSdsConfig(Protos.ADS).build();
  }
}
