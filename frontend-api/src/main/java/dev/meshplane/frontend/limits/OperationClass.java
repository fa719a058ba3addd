package dev.meshplane.frontend.limits;

import java.util.Locale;

/**
 * The throttling class of an App Mesh operation: reads (Describe*, List*) and writes (Create*,
 * Update*, Delete*, TagResource, UntagResource) fill separate buckets, so a principal that lists
 * a lot can still change things and the other way round.
 */
public enum OperationClass {
  READ,
  WRITE;

  public static OperationClass of(String operationName) {
    return operationName.startsWith("Describe") || operationName.startsWith("List") ? READ : WRITE;
  }

  /** {@code read} or {@code write}: the class's part of its setting keys. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
