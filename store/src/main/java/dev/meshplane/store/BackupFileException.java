package dev.meshplane.store;

/** A backup file that cannot be restored (not a backup, truncated, altered), or a store that is not empty. */
public final class BackupFileException extends RuntimeException {
  public BackupFileException(String message) {
    super(message);
  }

  public BackupFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
