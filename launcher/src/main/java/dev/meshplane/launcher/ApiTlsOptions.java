package dev.meshplane.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** TLS of the REST API from PEM files; each option can also come from the environment variable in its help. */
final class ApiTlsOptions {
  @Option(names = "--api-tls-cert", defaultValue = "${env:MESHPLANE_API_TLS_CERT}",
      description = "PEM certificate chain of the REST API; with --api-tls-key the API serves HTTPS only (env MESHPLANE_API_TLS_CERT).")
  Path certificate;

  @Option(names = "--api-tls-key", defaultValue = "${env:MESHPLANE_API_TLS_KEY}",
      description = "PEM private key (PKCS#8, PKCS#1 or EC) of the REST API certificate (env MESHPLANE_API_TLS_KEY).")
  Path key;

  /** Micronaut's server TLS (4.10 reads PEM): HTTPS only, on the API port. */
  Map<String, Object> properties(int apiPort) {
    Map<String, Object> properties = new LinkedHashMap<>();
    if (bothOrNeither(certificate, key, "--api-tls-cert", "--api-tls-key")) {
      properties.put("micronaut.server.ssl.enabled", true);
      properties.put("micronaut.server.ssl.port", apiPort);
      properties.put("micronaut.server.ssl.key-store.certificate-path", "file:" + certificate.toAbsolutePath());
      properties.put("micronaut.server.ssl.key-store.key-path", "file:" + key.toAbsolutePath());
    }
    return properties;
  }

  boolean enabled() {
    return certificate != null;
  }

  static boolean bothOrNeither(Path certificate, Path key, String certificateOption, String keyOption) {
    if ((certificate == null) != (key == null)) {
      throw new IllegalArgumentException(certificateOption + " and " + keyOption + " go together; only one was given");
    }
    return certificate != null;
  }
}
