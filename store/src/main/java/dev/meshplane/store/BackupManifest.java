package dev.meshplane.store;

import java.time.Instant;
import java.util.Map;

/**
 * What a backup holds: the journal sequence it is consistent at (every resource, reference and
 * generation as of that write, nothing later), when it was taken, and its rows per table.
 */
public record BackupManifest(long journalSeq, Instant takenAt, String database, Map<String, Long> rows) {

  public BackupManifest {
    rows = Map.copyOf(rows);
  }

  public long totalRows() {
    return rows.values().stream().mapToLong(Long::longValue).sum();
  }
}
