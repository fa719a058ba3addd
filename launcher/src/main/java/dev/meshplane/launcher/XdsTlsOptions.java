package dev.meshplane.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * TLS of the xDS port and the CA of node client certificates, from PEM files; each option can also
 * come from the environment variable in its help, and becomes the config key of
 * {@link XdsSecuritySettings}.
 */
final class XdsTlsOptions {
  @Option(names = "--xds-tls-cert", defaultValue = "${env:MESHPLANE_XDS_TLS_CERT}",
      description = "PEM certificate chain of the xDS port; with --xds-tls-key xDS is served over TLS only (env MESHPLANE_XDS_TLS_CERT).")
  Path certificate;

  @Option(names = "--xds-tls-key", defaultValue = "${env:MESHPLANE_XDS_TLS_KEY}",
      description = "PEM private key (PKCS#8) of the xDS certificate (env MESHPLANE_XDS_TLS_KEY).")
  Path key;

  @Option(names = "--xds-client-ca", defaultValue = "${env:MESHPLANE_XDS_CLIENT_CA}",
      description = "PEM CA whose client certificates prove a proxy's node by a URI SAN (mTLS; needs --xds-tls-cert) (env MESHPLANE_XDS_CLIENT_CA).")
  Path clientCa;

  /** {@code meshplane.xds.tls.certificate}, {@code meshplane.xds.tls.key}, {@code meshplane.xds.client-ca}. */
  Map<String, Object> properties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    if (ApiTlsOptions.bothOrNeither(certificate, key, "--xds-tls-cert", "--xds-tls-key")) {
      properties.put(XdsSecuritySettings.XDS_TLS_CERTIFICATE, certificate.toAbsolutePath().toString());
      properties.put(XdsSecuritySettings.XDS_TLS_KEY, key.toAbsolutePath().toString());
    }
    if (clientCa != null) {
      if (certificate == null) {
        throw new IllegalArgumentException("--xds-client-ca needs --xds-tls-cert and --xds-tls-key: client certificates only travel over TLS");
      }
      properties.put(XdsSecuritySettings.XDS_CLIENT_CA, clientCa.toAbsolutePath().toString());
    }
    return properties;
  }

  boolean enabled() {
    return certificate != null;
  }
}
