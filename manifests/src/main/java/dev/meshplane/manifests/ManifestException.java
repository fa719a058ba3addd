package dev.meshplane.manifests;

/**
 * A file that cannot be read into {@link DeclaredResource}s, with where: the file and resource
 * ({@code origin}, e.g. {@code mesh.yaml#Resources.ColorNode}) and the field path inside it.
 */
public final class ManifestException extends RuntimeException {
  private final String origin;
  private final String fieldPath;

  public ManifestException(String origin, String fieldPath, String problem) {
    super(origin + (fieldPath == null || fieldPath.isEmpty() ? "" : " " + fieldPath) + ": " + problem);
    this.origin = origin;
    this.fieldPath = fieldPath;
  }

  public String origin() {
    return origin;
  }

  public String fieldPath() {
    return fieldPath;
  }
}
