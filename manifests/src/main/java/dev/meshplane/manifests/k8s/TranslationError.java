package dev.meshplane.manifests.k8s;

/** One object's translation failed at {@code fieldPath}; becomes a {@link ManifestError}. */
final class TranslationError extends RuntimeException {

  private final String fieldPath;

  TranslationError(String fieldPath, String message) {
    super(message);
    this.fieldPath = fieldPath;
  }

  String fieldPath() {
    return fieldPath;
  }
}
