package dev.meshplane.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Kubernetes documents in a manifest file: those of the App Mesh controller
 * ({@code appmesh.k8s.aws/v1beta2}) become App Mesh resources; any other kind is skipped and listed
 * (a Deployment next to its VirtualNode, say).
 */
final class KubernetesDocuments {
  private KubernetesDocuments() {}

  static ManifestContents read(String file, JsonNode document) {
    String apiVersion = document.get("apiVersion").asText();
    String origin = file + "#" + document.path("kind").asText() + "/" + document.path("metadata").path("namespace").asText("default")
        + "/" + document.path("metadata").path("name").asText();
    if (apiVersion.startsWith("appmesh.k8s.aws/")) {
      throw new ManifestException(origin, "apiVersion",
          "Kubernetes manifests of the App Mesh controller are not read yet by this build");
    }
    return new ManifestContents(List.of(), List.of(origin + " (" + apiVersion + "): not an App Mesh resource"));
  }
}
