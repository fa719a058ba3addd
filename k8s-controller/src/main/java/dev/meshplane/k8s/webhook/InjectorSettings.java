package dev.meshplane.k8s.webhook;

/**
 * What the injector puts into pods; the defaults are the AWS controller's.
 *
 * @param xdsEndpoint Meshplane's xDS service as {@code host:port} (the sidecar's {@code APPMESH_XDS_ENDPOINT})
 * @param region the region of the node ARNs (the sidecar's {@code AWS_REGION}, which SigV4 signs for)
 * @param envoyImage the App Mesh Envoy image
 * @param initImage the proxy route manager image of the {@code proxyinit} container (iptables)
 * @param caBundle PEM CA bundle that trusts Meshplane's xDS certificate, written into each pod
 *     (an init container copies it to an emptyDir, so no ConfigMap is needed in every namespace);
 *     null leaves the image's roots alone (an xDS certificate from a public CA)
 * @param egressIgnoredIps the default of {@code appmesh.k8s.aws/egressIgnoredIPs}
 * @param logLevel Envoy's log level
 */
public record InjectorSettings(
    String xdsEndpoint,
    String region,
    String envoyImage,
    String initImage,
    String caBundle,
    String egressIgnoredIps,
    String logLevel) {

  /** Where the App Mesh Envoy image (Amazon Linux) reads the roots its xDS connection trusts. */
  public static final String ROOTS_PATH = "/etc/pki/tls/cert.pem";
  public static final int ADMIN_PORT = 9901;
  public static final int PROXY_INGRESS_PORT = 15000;
  public static final int PROXY_EGRESS_PORT = 15001;
  public static final int PROXY_UID = 1337;

  public static InjectorSettings defaults(String xdsEndpoint, String region, String caBundle) {
    return new InjectorSettings(xdsEndpoint, region, "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.34.13.3-prod",
        "840364872350.dkr.ecr.us-west-2.amazonaws.com/aws-appmesh-proxy-route-manager:v7-prod",
        caBundle, "169.254.169.254", "info");
  }
}
