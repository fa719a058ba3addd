package dev.meshplane.transformer.synth;

/**
 * A secret the proxy requests over ADS by name, and where the management service gets it: a named
 * SDS secret, an ACM certificate (name = its ARN), or an ACM Private CA bundle (name = {@code
 * acm-ca:} and the sorted ARNs, comma-separated).
 */
public record SecretReference(String name, Source source) {
  public enum Source {
    SDS,
    ACM_CERTIFICATE,
    ACM_CERTIFICATE_AUTHORITIES
  }
}
