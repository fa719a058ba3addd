package dev.meshplane.store;

import dev.meshplane.model.ResourceId;
import java.time.Instant;

/**
 * One acknowledged write. {@code seq} is global and gap-free in commit order; {@code version} is
 * the resource's version after the write; {@code body} is the resource as written, as JSON
 * ({@code key}, {@code uid}, {@code version}, {@code spec} embedded as JSON, {@code tags}), and
 * for a delete its last state.
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
