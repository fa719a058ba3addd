package dev.meshplane.store;

import dev.meshplane.model.ResourceId;
import java.time.Instant;

/**
 * One acknowledged write. {@code seq} is global and gap-free in commit order; {@code body} is the
 * resource as written (JSON of its spec, metadata and tags), null for a delete.
 */
public record JournalEntry(
    long seq,
    Instant at,
    ResourceId id,
    long version,
    Operation operation,
    String body,
    String principal) {

  public enum Operation {
    CREATE,
    UPDATE,
    DELETE,
    TAG,
    UNTAG
  }
}
