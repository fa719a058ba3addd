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
}
