package dev.meshplane.transformer.synth;

/**
 * A secret the proxy requests over ADS by name, and where the management service gets it: a named
 * SDS secret, an ACM certificate (name = its ARN), an ACM Private CA bundle (name = {@code
 * acm-ca:} and the sorted ARNs, comma-separated), or the root CA an ACM certificate chains up to
 * (name = {@code acm-root:} and the certificate's ARN).
 */
public record SecretReference(String name, Source source) {
  public enum Source {
    SDS,
    ACM_CERTIFICATE,
    ACM_CERTIFICATE_AUTHORITIES,
    ACM_CERTIFICATE_ROOT
  }
}
