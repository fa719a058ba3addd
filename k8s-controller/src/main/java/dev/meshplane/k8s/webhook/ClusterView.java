package dev.meshplane.k8s.webhook;

import dev.meshplane.manifests.k8s.KubernetesObject;
import java.util.List;
import java.util.Map;

/** The cluster's App Mesh objects and namespace labels as the controller's informers see them. */
public interface ClusterView {

  List<KubernetesObject> appMeshObjects();

  Map<String, Map<String, String>> namespaceLabels();
}
