package dev.meshplane.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import dev.meshplane.k8s.webhook.AdmissionWebhookServer;
import dev.meshplane.k8s.webhook.InjectorSettings;
import dev.meshplane.k8s.webhook.PodAdmission;
import dev.meshplane.k8s.webhook.SidecarInjector;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * {@code meshplane k8s-controller}: reconciles the {@code appmesh.k8s.aws/v1beta2} objects of the
 * cluster it runs in (or the kubeconfig's) into Meshplane's App Mesh API, in place of the AWS App
 * Mesh controller.
 */
@Command(name = "k8s-controller", mixinStandardHelpOptions = true,
    description = "Reconcile the App Mesh controller's Kubernetes resources into Meshplane, and inject Envoy sidecars.")
public final class K8sControllerCommand implements Callable<Integer> {

  @Option(names = "--appmesh-endpoint", required = true, defaultValue = "${env:MESHPLANE_APPMESH_ENDPOINT}",
      description = "Meshplane's App Mesh API, e.g. https://meshplane.meshplane-system:7080 (env MESHPLANE_APPMESH_ENDPOINT).")
  URI endpoint;

  @Option(names = "--region", defaultValue = "${env:AWS_REGION:-us-west-2}",
      description = "Region requests are signed for (default ${DEFAULT-VALUE}). Credentials: the AWS default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile, web identity).")
  String region;

  @Option(names = "--resync-seconds", defaultValue = "60",
      description = "Reconcile everything this often even without a change, correcting drift (default ${DEFAULT-VALUE}).")
  long resyncSeconds;

  @Option(names = "--max-backoff-seconds", defaultValue = "300",
      description = "Longest retry delay of an object that keeps failing (default ${DEFAULT-VALUE}).")
  long maxBackoffSeconds;

  @Option(names = "--webhook-port", defaultValue = "0",
      description = "HTTPS port of the sidecar injection webhook (POST /mutate-v1-pod); 0 runs no webhook (default ${DEFAULT-VALUE}).")
  int webhookPort;

  @Option(names = "--webhook-tls-cert", defaultValue = "/etc/webhook/tls.crt", description = "PEM certificate chain of the webhook (default ${DEFAULT-VALUE}).")
  Path webhookCert;

  @Option(names = "--webhook-tls-key", defaultValue = "/etc/webhook/tls.key", description = "PEM key of the webhook (default ${DEFAULT-VALUE}).")
  Path webhookKey;

  @Option(names = "--xds-endpoint", defaultValue = "${env:MESHPLANE_XDS_ENDPOINT}",
      description = "host:port of Meshplane's xDS service, injected as APPMESH_XDS_ENDPOINT (required with --webhook-port).")
  String xdsEndpoint;

  @Option(names = "--xds-ca-file", description = "PEM CA bundle trusting the xDS certificate, written into each injected pod at "
      + InjectorSettings.ROOTS_PATH + " (where the App Mesh Envoy image reads roots); unset keeps the image's roots.")
  Path xdsCaFile;

  @Option(names = "--envoy-image", description = "App Mesh Envoy image (default: the AWS controller's).")
  String envoyImage;

  @Option(names = "--proxy-init-image", description = "proxyinit (iptables) image (default: the AWS controller's).")
  String initImage;

  @Option(names = "--egress-ignored-ips", defaultValue = "169.254.169.254",
      description = "Default of the appmesh.k8s.aws/egressIgnoredIPs annotation (default ${DEFAULT-VALUE}).")
  String egressIgnoredIps;

  @Override
  public Integer call() throws Exception {
    ControllerSettings settings = new ControllerSettings(
        Duration.ofSeconds(resyncSeconds), Duration.ofSeconds(5), Duration.ofSeconds(maxBackoffSeconds));
    try (KubernetesClient kube = new KubernetesClientBuilder().build();
        AppMeshApiClient appMesh = AppMeshApiClient.of(endpoint, region, DefaultCredentialsProvider.builder().build());
        AppMeshController controller = new AppMeshController(kube, appMesh, settings)) {
      controller.start();
      AdmissionWebhookServer webhook = webhookPort == 0 ? null : startWebhook(controller);
      System.out.printf("Meshplane k8s-controller is up: reconciling appmesh.k8s.aws/v1beta2 into %s%n", endpoint);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      stopped.await();
      if (webhook != null) {
        webhook.close();
      }
    }
    return 0;
  }

  private AdmissionWebhookServer startWebhook(AppMeshController controller) throws java.io.IOException {
    if (xdsEndpoint == null || xdsEndpoint.isBlank()) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--xds-endpoint (or MESHPLANE_XDS_ENDPOINT) is required with --webhook-port: it is what injected sidecars connect to");
    }
    String caBundle = xdsCaFile == null ? null : java.nio.file.Files.readString(xdsCaFile);
    InjectorSettings defaults = InjectorSettings.defaults(xdsEndpoint, region, caBundle);
    InjectorSettings settings = new InjectorSettings(xdsEndpoint, region,
        envoyImage != null ? envoyImage : defaults.envoyImage(), initImage != null ? initImage : defaults.initImage(),
        caBundle, egressIgnoredIps, defaults.logLevel());
    AdmissionWebhookServer webhook = new AdmissionWebhookServer(new InetSocketAddress(webhookPort), webhookCert, webhookKey,
        new PodAdmission(new SidecarInjector(settings), controller));
    webhook.start();
    System.out.printf("Sidecar injection webhook on https://0.0.0.0:%d%s, sidecars connect to %s%n",
        webhook.port(), AdmissionWebhookServer.PATH, xdsEndpoint);
    return webhook;
  }
}
