package dev.meshplane.store;

/**
 * A write or read the store refused or could not do. The frontend maps {@link Kind} to the App
 * Mesh error shapes; the message names the resource and what is wrong with it.
 */
public final class StoreException extends RuntimeException {

  public enum Kind {
    /** The resource, its parent or a referenced resource does not exist. */
    NOT_FOUND,
    /** A create of an existing name (without the same client token), or a version mismatch. */
    CONFLICT,
    /** A delete of a resource that has children or is referenced by another resource. */
    IN_USE,
    /** A {@link Precondition} failed. */
    PRECONDITION_FAILED,
    /** A create would exceed its {@link CountLimit}. */
    LIMIT_EXCEEDED,
    /** The database could not be reached or kept failing; nothing was written. */
    UNAVAILABLE
  }

  private final Kind kind;

  public StoreException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public StoreException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
