package dev.meshplane.envoy.certs;

import dev.meshplane.model.internal.SecretReference;
import java.util.Optional;

/**
 * One secret a proxy's config references by SDS name, and where the management service gets it:
 * the name alone is what Envoy asks for, the source says how to fetch it.
 */
public record SecretKey(String name, Source source) {

  public enum Source {
    /** An ACM certificate ARN: a TLS certificate (chain and private key). */
    ACM_CERTIFICATE,
    /** "acm-ca:" + comma-joined ACM Private CA ARNs: trusted CA certificates. */
    ACM_CERTIFICATE_AUTHORITIES,
    /** "acm-root:" + an ACM certificate ARN: the root CA that certificate chains up to, trusted. */
    ACM_CERTIFICATE_ROOT,
    /** An App Mesh {@code sds} secret name (a SPIFFE ID, say): served from the PEM directory. */
    SDS
  }

  /** Empty when the stored reference names a source this version does not know. */
  public static Optional<SecretKey> of(SecretReference reference) {
    try {
      return Optional.of(new SecretKey(reference.getName(), Source.valueOf(reference.getSource())));
    } catch (IllegalArgumentException unknown) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return source + " " + name;
  }
}
