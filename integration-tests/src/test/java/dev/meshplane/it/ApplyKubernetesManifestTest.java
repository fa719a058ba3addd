package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.manifests.DeclaredResource;
import dev.meshplane.manifests.ManifestContents;
import dev.meshplane.manifests.ManifestFiles;
import dev.meshplane.manifests.cloudformation.TemplateOptions;
import dev.meshplane.model.ResourceKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meshplane apply} of Kubernetes manifests of the App Mesh controller: the EKS walkthroughs'
 * manifests (aws-app-mesh-examples, MIT-0; kept by the manifests module's tests, with their
 * {@code ${...}} variables substituted as the walkthroughs' deploy.sh does), applied to a running
 * server and described back through the SDK; the Deployments and Services beside them are listed
 * as skipped; a second apply changes nothing.
 */
class ApplyKubernetesManifestTest extends OneServerPerClass {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path WALKTHROUGHS = Path.of("../manifests/src/test/resources/k8s/walkthroughs");

  @TempDir Path work;

  @Test
  void walkthroughManifestsAreAppliedAsTheControllerWouldCreateThem() throws Exception {
    for (String walkthrough : List.of("howto-k8s-grpc", "howto-k8s-http-headers", "howto-k8s-tls-file-based")) {
      Path manifest = work.resolve(walkthrough + ".yaml");
      Files.writeString(manifest, Files.readString(WALKTHROUGHS.resolve(walkthrough + ".yaml.template"))
          .replace("${APP_NAMESPACE}", walkthrough).replace("${MESH_NAME}", walkthrough)
          .replace("${CLOUDMAP_NAMESPACE}", walkthrough + ".pvt.aws.local")
          .replace("${AWS_ACCOUNT_ID}", RunningServer.ACCOUNT).replace("${AWS_DEFAULT_REGION}", RunningServer.REGION)
          .replaceAll("\\$\\{[A-Z_]+_IMAGE}", "example/image:1"));
      MeshplaneCommand.Result applied = MeshplaneCommand.run(server, "apply", "-f", manifest.toString());
      assertThat(applied.exitCode()).as(walkthrough + ": " + applied.err()).isZero();

      ManifestContents contents = ManifestFiles.read(List.of(manifest),
          new TemplateOptions(Map.of(), RunningServer.REGION, RunningServer.ACCOUNT, null));
      assertThat(applied.out()).contains("Applied " + contents.resources().size() + " change(s)");
      assertThat(applied.out()).contains("skipped " + manifest + "#Deployment/" + walkthrough + "/");
      for (DeclaredResource resource : contents.resources()) {
        if (resource.kind() == ResourceKind.VIRTUAL_NODE) {
          var described = appMesh.describeVirtualNode(r -> r.meshName(resource.meshName()).virtualNodeName(resource.name()));
          assertThat(JSON.readTree(SdkJson.json(described.virtualNode().spec()).toString()))
              .as(resource.origin()).isEqualTo(JSON.readTree(resource.spec().toString()));
          assertThat(resource.name()).endsWith("_" + walkthrough); // <name>_<namespace>, the controller's naming
        }
      }
      assertThat(MeshplaneCommand.run(server, "apply", "-f", manifest.toString()).out())
          .contains("No changes: " + contents.resources().size() + " resource(s)");
    }
  }
}
