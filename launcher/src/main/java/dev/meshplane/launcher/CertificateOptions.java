package dev.meshplane.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the certificates proxies get over SDS come from (besides ACM and ACM Private CA in
 * {@code meshplane.region}); each option can also come from the environment variable in its help.
 */
final class CertificateOptions {
  @Option(names = "--acm-endpoint", defaultValue = "${env:MESHPLANE_ACM_ENDPOINT}",
      description = "Endpoint override of ACM and ACM Private CA, e.g. an emulator or VPC endpoint (env MESHPLANE_ACM_ENDPOINT).")
  String acmEndpoint;

  @Option(names = "--secrets-dir", defaultValue = "${env:MESHPLANE_SECRETS_DIR}",
      description = "Directory of PEM files served for App Mesh sds secret names: <percent-encoded name>/tls.crt + tls.key,"
          + " or <percent-encoded name>/ca.crt (env MESHPLANE_SECRETS_DIR).")
  Path secretsDir;

  /** {@code meshplane.acm.endpoint} and {@code meshplane.secrets-dir}, when given. */
  Map<String, Object> properties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    if (acmEndpoint != null && !acmEndpoint.isBlank()) {
      properties.put("meshplane.acm.endpoint", acmEndpoint);
    }
    if (secretsDir != null) {
      properties.put("meshplane.secrets-dir", secretsDir.toAbsolutePath().toString());
    }
    return properties;
  }
}
