package dev.meshplane.transformer.synth.resolve;

/** Where a proxy's own certificate comes from. */
public sealed interface CertificateSource {
  /** PEM files on the proxy's file system. */
  record File(String certificateChain, String privateKey) implements CertificateSource {}

  /** A secret the proxy requests over SDS by name. */
  record Sds(String secretName) implements CertificateSource {}

  /** An ACM certificate; the management service serves it as a secret named by its ARN. */
  record Acm(String certificateArn) implements CertificateSource {}
}
