package dev.meshplane.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
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

  @Override
  public Integer call() throws Exception {
    ControllerSettings settings = new ControllerSettings(
        Duration.ofSeconds(resyncSeconds), Duration.ofSeconds(5), Duration.ofSeconds(maxBackoffSeconds));
    try (KubernetesClient kube = new KubernetesClientBuilder().build();
        AppMeshApiClient appMesh = AppMeshApiClient.of(endpoint, region, DefaultCredentialsProvider.builder().build());
        AppMeshController controller = new AppMeshController(kube, appMesh, settings)) {
      controller.start();
      System.out.printf("Meshplane k8s-controller is up: reconciling appmesh.k8s.aws/v1beta2 into %s%n", endpoint);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      stopped.await();
    }
    return 0;
  }
}
