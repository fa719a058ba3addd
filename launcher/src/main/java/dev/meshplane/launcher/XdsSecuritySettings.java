package dev.meshplane.launcher;

import dev.meshplane.frontend.config.MeshplaneProperties;

import dev.meshplane.envoy.security.XdsSecurity;
import dev.meshplane.envoy.security.XdsTls;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The xDS port's protection from the context's configuration: TLS from PEM files, client
 * certificates from a CA (mTLS), Envoy's SigV4 metadata when principals are configured, and
 * whether a caller that proves nothing is served.
 */
final class XdsSecuritySettings {
  static final String XDS_TLS_CERTIFICATE = "meshplane.xds.tls.certificate";
  static final String XDS_TLS_KEY = "meshplane.xds.tls.key";
  static final String XDS_CLIENT_CA = "meshplane.xds.client-ca";
  static final String XDS_TLS_RELOAD_PERIOD = "meshplane.xds.tls.reload-period";
  static final String XDS_ALLOW_UNAUTHENTICATED = "meshplane.xds.allow-unauthenticated";

  private XdsSecuritySettings() {}

  /**
   * @param allowUnauthenticatedByDefault what {@value #XDS_ALLOW_UNAUTHENTICATED} is when unset: true
   *     for the all-in-one server (a laptop), false for the split envoy-management service
   */
  static XdsSecurity from(ApplicationContext context, boolean allowUnauthenticatedByDefault) {
    Environment environment = context.getEnvironment();
    Optional<XdsTls> tls = environment.getProperty(XDS_TLS_CERTIFICATE, String.class).map(certificate -> new XdsTls(
        Path.of(certificate),
        Path.of(environment.getProperty(XDS_TLS_KEY, String.class).orElseThrow(() ->
            new IllegalArgumentException(XDS_TLS_KEY + " is required with " + XDS_TLS_CERTIFICATE))),
        environment.getProperty(XDS_CLIENT_CA, String.class).map(Path::of),
        environment.getProperty(XDS_TLS_RELOAD_PERIOD, Duration.class, XdsTls.DEFAULT_RELOAD_PERIOD)));
    boolean allowUnauthenticated = environment.getProperty(XDS_ALLOW_UNAUTHENTICATED, Boolean.class, allowUnauthenticatedByDefault);
    String region = context.getBean(MeshplaneProperties.class).getRegion();
    XdsSecurity security = new XdsSecurity(tls, XdsSigV4.verifier(context), region, allowUnauthenticated);
    if (allowUnauthenticated) {
      LoggerFactory.getLogger(XdsSecuritySettings.class).warn("Unauthenticated xDS is allowed: any client may ask for"
          + " any proxy's configuration. Set --xds-allow-unauthenticated=false (env MESHPLANE_XDS_ALLOW_UNAUTHENTICATED)"
          + " and give --xds-client-ca or principals (--iam-file) to require a proven identity.");
    } else if (!security.canAuthenticate()) {
      LoggerFactory.getLogger(XdsSecuritySettings.class).warn("xDS requires authentication but no client CA"
          + " (--xds-client-ca) or principals are configured: every proxy will be refused with UNAUTHENTICATED.");
    }
    return security;
  }
}
