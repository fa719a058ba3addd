package dev.meshplane.transformer.synth.resolve;

import java.util.List;
import java.util.Optional;

/**
 * A client policy's TLS toward a backend: only for the target ports listed ({@code ports} empty =
 * every port); {@code certificate} is present for mutual TLS.
 */
public record TlsOrigination(
    Optional<CertificateSource> certificate,
    TrustSource trust,
    List<String> subjectAlternativeNames,
    List<Integer> ports) {

  public TlsOrigination {
    subjectAlternativeNames = List.copyOf(subjectAlternativeNames);
    ports = List.copyOf(ports);
  }

  public boolean appliesTo(int port) {
    return ports.isEmpty() || ports.contains(port);
  }

  /**
   * Toward one target: a policy that lists no names accepts only a certificate naming the
   * target's service discovery name, as App Mesh required.
   */
  public TlsOrigination toward(TargetNode target) {
    if (!subjectAlternativeNames.isEmpty()) {
      return this;
    }
    String name = target.discovery() instanceof Discovery.CloudMap cloudMap
        ? cloudMap.service() + "." + cloudMap.namespace()
        : ((Discovery.Dns) target.discovery()).hostname();
    return new TlsOrigination(certificate, trust, List.of(name), ports);
  }
}
