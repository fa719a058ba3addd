package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.appmesh.ClientPolicy;
import dev.meshplane.model.appmesh.ClientTlsCertificate;
import dev.meshplane.model.appmesh.ListenerTls;
import dev.meshplane.model.appmesh.ListenerTlsCertificate;
import dev.meshplane.model.appmesh.ListenerTlsValidationContextTrust;
import dev.meshplane.model.appmesh.SubjectAlternativeNames;
import dev.meshplane.model.appmesh.TlsValidationContextTrust;
import dev.meshplane.model.appmesh.VirtualGatewayClientPolicy;
import dev.meshplane.model.appmesh.VirtualGatewayListenerTls;
import java.util.List;
import java.util.Optional;

/**
 * Listener TLS and client-policy TLS of nodes and gateways (parallel shapes in the model) into
 * the one pair of graph records. DISABLED listener TLS and {@code enforce: false} mean no TLS.
 */
final class TlsPolicies {
  private TlsPolicies() {}

  static Optional<TlsTermination> termination(ListenerTls tls) {
    TlsTermination.Mode mode = mode(tls.getMode());
    if (mode == null) {
      return Optional.empty();
    }
    ListenerTlsCertificate c = tls.getCertificate();
    CertificateSource certificate =
        c.hasAcm()
            ? new CertificateSource.Acm(c.getAcm().getCertificateArn())
            : c.hasSds()
                ? new CertificateSource.Sds(c.getSds().getSecretName())
                : new CertificateSource.File(c.getFile().getCertificateChain(), c.getFile().getPrivateKey());
    Optional<TrustSource> trust =
        tls.hasValidation() ? Optional.of(trust(tls.getValidation().getTrust())) : Optional.empty();
    List<String> sans =
        tls.hasValidation() ? sans(tls.getValidation().getSubjectAlternativeNames()) : List.of();
    return Optional.of(new TlsTermination(mode, certificate, trust, sans));
  }

  /** A gateway listener's TLS has the node listener's shape under other names. */
  static Optional<TlsTermination> termination(VirtualGatewayListenerTls tls) {
    return termination(GatewayShapes.asNode(tls, ListenerTls.getDefaultInstance()));
  }

  static Optional<TlsOrigination> origination(ClientPolicy policy) {
    if (!policy.hasTls() || (policy.getTls().hasEnforce() && !policy.getTls().getEnforce())) {
      return Optional.empty();
    }
    var tls = policy.getTls();
    Optional<CertificateSource> certificate =
        tls.hasCertificate() ? Optional.of(certificate(tls.getCertificate())) : Optional.empty();
    return Optional.of(new TlsOrigination(
        certificate,
        trust(tls.getValidation().getTrust()),
        sans(tls.getValidation().getSubjectAlternativeNames()),
        tls.getPortsList().stream().sorted().toList()));
  }

  static Optional<TlsOrigination> origination(VirtualGatewayClientPolicy policy) {
    return origination(GatewayShapes.asNode(policy, ClientPolicy.getDefaultInstance()));
  }

  private static TlsTermination.Mode mode(String mode) {
    return switch (mode) {
      case "STRICT" -> TlsTermination.Mode.STRICT;
      case "PERMISSIVE" -> TlsTermination.Mode.PERMISSIVE;
      default -> null;
    };
  }

  private static CertificateSource certificate(ClientTlsCertificate c) {
    return c.hasSds()
        ? new CertificateSource.Sds(c.getSds().getSecretName())
        : new CertificateSource.File(c.getFile().getCertificateChain(), c.getFile().getPrivateKey());
  }

  private static TrustSource trust(ListenerTlsValidationContextTrust t) {
    return t.hasSds()
        ? new TrustSource.Sds(t.getSds().getSecretName())
        : new TrustSource.File(t.getFile().getCertificateChain());
  }

  private static TrustSource trust(TlsValidationContextTrust t) {
    if (t.hasAcm()) {
      return new TrustSource.Acm(t.getAcm().getCertificateAuthorityArnsList().stream().sorted().toList());
    }
    return t.hasSds()
        ? new TrustSource.Sds(t.getSds().getSecretName())
        : new TrustSource.File(t.getFile().getCertificateChain());
  }

  private static List<String> sans(SubjectAlternativeNames sans) {
    return sans.getMatch().getExactList().stream().sorted().distinct().toList();
  }
}
