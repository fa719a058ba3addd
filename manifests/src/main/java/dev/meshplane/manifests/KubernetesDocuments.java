package dev.meshplane.manifests;

import dev.meshplane.manifests.k8s.AppMeshManifestReader;
import dev.meshplane.manifests.k8s.KubernetesObject;
import dev.meshplane.manifests.k8s.ManifestError;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Kubernetes objects of the files given to apply: those of the App Mesh controller
 * ({@code appmesh.k8s.aws/v1beta2}) become App Mesh resources by the controller's rules
 * ({@link AppMeshManifestReader}); any other kind is listed as skipped (a Deployment next to its
 * VirtualNode, say); Namespaces supply the labels mesh selectors match.
 */
final class KubernetesDocuments {
  private KubernetesDocuments() {}

  static ManifestContents read(List<KubernetesObject> objects) {
    if (objects.isEmpty()) {
      return new ManifestContents(List.of(), List.of());
    }
    List<String> skipped = new ArrayList<>();
    for (KubernetesObject object : objects) {
      if (!object.apiVersion().startsWith("appmesh.k8s.aws/") && !object.kind().equals("Namespace")) {
        skipped.add(object.origin("default") + " (" + object.apiVersion() + "): not an App Mesh resource");
      }
    }
    try {
      return new ManifestContents(new AppMeshManifestReader().read(objects, java.util.Map.of()), skipped);
    } catch (dev.meshplane.manifests.k8s.ManifestException e) {
      ManifestError first = e.errors().get(0);
      String others = e.errors().stream().skip(1).map(ManifestError::toString).collect(Collectors.joining("\n"));
      throw new ManifestException(first.origin(), first.fieldPath(), first.message() + (others.isEmpty() ? "" : "\n" + others));
    }
  }
}
