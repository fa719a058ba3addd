package dev.meshplane.manifests.k8s;

/**
 * Why one Kubernetes object could not be translated.
 *
 * @param origin the object ({@code file#VirtualNode/ns/name})
 * @param fieldPath the offending field ({@code spec.backends[0].virtualService.virtualServiceRef}),
 *     or empty when the object as a whole is at fault
 * @param message what is wrong and what to do about it
 */
public record ManifestError(String origin, String fieldPath, String message) {

  @Override
  public String toString() {
    return origin + (fieldPath.isEmpty() ? "" : " " + fieldPath) + ": " + message;
  }
}
