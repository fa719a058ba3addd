package dev.meshplane.store;

import dev.meshplane.model.ResourceId;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What one mesh's journal says changed after a sequence number, read in one transaction with the
 * resources as they are now: a reader holding the mesh as it was at {@code afterSeq} applies these
 * to have it as of {@code journalSeq}, without reading the rest of the mesh again.
 *
 * @param present the current rows of the resources written (created or updated) since
 * @param gone the resources deleted since (and not created again)
 */
public record MeshChanges(
    String mesh, long generation, Instant lastCommitAt, long afterSeq, long journalSeq,
    List<StoredResource> present, Set<ResourceId> gone) {
  public MeshChanges {
    present = List.copyOf(present);
    gone = Set.copyOf(gone);
  }
}
