package dev.meshplane.configstore;

/**
 * The config store or lease table could not be reached or answered with an error. Thrown instead
 * of answering "absent" or "empty": a failed read must never become an empty proxy config (static
 * stability, DESIGN.md), so callers keep what they last had.
 */
public class ConfigStoreUnavailableException extends RuntimeException {

  public ConfigStoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
