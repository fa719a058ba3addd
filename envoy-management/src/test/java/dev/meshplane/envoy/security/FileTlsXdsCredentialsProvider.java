package dev.meshplane.envoy.security;

import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.xds.XdsCredentialsProvider;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Bootstrap {@code channel_creds} of type {@value #NAME}: TLS to the xDS server with a CA and a
 * client certificate from files, the config of gRFC A65
 * ({@code ca_certificate_file}, {@code certificate_file}, {@code private_key_file}).
 * grpc-java 1.85's own {@code tls} type ignores that config (system trust, no client certificate),
 * so a proxyless application that proves its node by mTLS registers a provider like this one
 * (here through META-INF/services).
 */
public final class FileTlsXdsCredentialsProvider extends XdsCredentialsProvider {
  public static final String NAME = "meshplane_file_tls";

  @Override
  protected ChannelCredentials newChannelCredentials(Map<String, ?> config) {
    try {
      TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
      if (config.get("ca_certificate_file") instanceof String ca) {
        tls.trustManager(new File(ca));
      }
      if (config.get("certificate_file") instanceof String certificate
          && config.get("private_key_file") instanceof String key) {
        tls.keyManager(new File(certificate), new File(key));
      }
      return tls.build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the xDS TLS files in " + config, e);
    }
  }

  @Override
  protected String getName() {
    return NAME;
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public int priority() {
    return 5;
  }
}
