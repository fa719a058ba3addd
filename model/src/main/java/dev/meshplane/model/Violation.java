package dev.meshplane.model;

/**
 * One broken rule of a request, at a field path such as
 * {@code spec.listeners[0].portMapping.port}, with a message a person can act on.
 */
public record Violation(String path, String message) {
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
