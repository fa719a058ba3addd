package dev.meshplane.store;

import java.util.List;

/**
 * Every resource of one mesh (the mesh itself first), read in one transaction, with the mesh's
 * generation and the journal sequence number the read reflects.
 */
public record MeshSnapshot(String mesh, long generation, long journalSeq, List<StoredResource> resources) {
  public MeshSnapshot {
    resources = List.copyOf(resources);
  }
}
