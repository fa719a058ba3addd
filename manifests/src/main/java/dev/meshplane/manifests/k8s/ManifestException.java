package dev.meshplane.manifests.k8s;

import java.util.List;
import java.util.stream.Collectors;

/** The objects of a manifest that could not be translated, each with its reason. */
public class ManifestException extends RuntimeException {

  private final List<ManifestError> errors;

  public ManifestException(List<ManifestError> errors) {
    super(errors.stream().map(ManifestError::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<ManifestError> errors() {
    return errors;
  }
}
