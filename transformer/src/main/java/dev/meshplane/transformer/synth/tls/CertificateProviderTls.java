package dev.meshplane.transformer.synth.tls;

import dev.meshplane.transformer.synth.Protos;
import dev.meshplane.transformer.synth.resolve.CertificateSource;
import dev.meshplane.transformer.synth.resolve.TlsOrigination;
import dev.meshplane.transformer.synth.resolve.TrustSource;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateProviderPluginInstance;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.Optional;

/**
 * Client-policy TLS for proxyless gRPC clients (gRFC A29). gRPC clients read no SDS and no file
 * paths from xDS: certificates come from certificate provider plugin instances declared in the
 * client's bootstrap ({@code certificate_providers}), referenced by instance name. The naming
 * convention: a {@code file} trust's instance is named after its certificateChain path, a {@code
 * file} client certificate's instance after its certificateChain path, so the application declares
 * e.g. {@code "/certs/ca.pem": {"plugin_name": "file_watcher", "config": {"ca_certificate_file":
 * "/certs/ca.pem", ...}}}. SDS and ACM material cannot reach a gRPC client: those policies yield
 * nothing, and the caller warns.
 */
public final class CertificateProviderTls {
  private CertificateProviderTls() {}

  /** The transport socket, or empty when the certificate or trust is not from files. */
  public static Optional<TransportSocket> upstream(TlsOrigination tls) {
    if (!(tls.trust() instanceof TrustSource.File trust)) {
      return Optional.empty();
    }
    if (tls.certificate().isPresent() && !(tls.certificate().get() instanceof CertificateSource.File)) {
      return Optional.empty();
    }
    CertificateValidationContext.Builder validation = CertificateValidationContext.newBuilder()
        .setCaCertificateProviderInstance(instance(trust.certificateChain()));
    // grpc-java reads only match_subject_alt_names, which matches any SAN type, as App Mesh did.
    tls.subjectAlternativeNames().forEach(san ->
        validation.addMatchSubjectAltNames(StringMatcher.newBuilder().setExact(san)));
    CommonTlsContext.Builder common = CommonTlsContext.newBuilder().setValidationContext(validation);
    tls.certificate().map(CertificateSource.File.class::cast)
        .ifPresent(file -> common.setTlsCertificateProviderInstance(instance(file.certificateChain())));
    UpstreamTlsContext context = UpstreamTlsContext.newBuilder().setCommonTlsContext(common).build();
    return Optional.of(TransportSocket.newBuilder()
        .setName(TlsContexts.TRANSPORT_SOCKET)
        .setTypedConfig(Protos.pack(context))
        .build());
  }

  /** The instance name the application's bootstrap must declare for a certificate file. */
  public static String instanceName(String certificateChainPath) {
    return certificateChainPath;
  }

  private static CertificateProviderPluginInstance instance(String path) {
    return CertificateProviderPluginInstance.newBuilder().setInstanceName(instanceName(path)).build();
  }
}
