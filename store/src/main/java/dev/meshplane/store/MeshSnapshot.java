package dev.meshplane.store;

import java.time.Instant;
import java.util.List;

/**
 * Every resource of one mesh (the mesh itself first), read in one transaction, with the mesh's
 * generation, the commit time of its latest write and the journal sequence number the read
 * reflects.
 */
public record MeshSnapshot(
    String mesh, long generation, Instant lastCommitAt, long journalSeq, List<StoredResource> resources) {
  public MeshSnapshot {
    resources = List.copyOf(resources);
  }
}
