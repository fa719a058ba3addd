package dev.meshplane.transformer.synth.resolve;

import java.util.List;
import java.util.Optional;

/** A listener's TLS: STRICT accepts only TLS, PERMISSIVE accepts both; {@code trust} requires client certificates. */
public record TlsTermination(
    Mode mode, CertificateSource certificate, Optional<TrustSource> trust, List<String> subjectAlternativeNames) {

  public enum Mode {
    STRICT,
    PERMISSIVE
  }

  public TlsTermination {
    subjectAlternativeNames = List.copyOf(subjectAlternativeNames);
  }
}
