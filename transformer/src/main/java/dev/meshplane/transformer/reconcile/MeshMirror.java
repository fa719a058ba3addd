package dev.meshplane.transformer.reconcile;

import dev.meshplane.model.ResourceId;
import dev.meshplane.store.JournaledStore;
import dev.meshplane.store.MeshChanges;
import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.store.StoredResource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The meshes a worker reconciles, each as of its last read, brought up to date by reading only
 * the resources the journal names since then: a change pass reads a handful of rows instead of the
 * whole mesh. A full read (the full pass, a mesh not held yet, a long gap, a store that cannot
 * tell) replaces what is held, so whatever this copy missed lasts until the next full pass at most.
 * Snapshots come out exactly as {@link JournaledStore#snapshot} orders them.
 *
 * <p>Not thread-safe: the reconciler's one loop uses it.
 */
final class MeshMirror {
  /** More journal entries than this since the last read: reading the whole mesh is as cheap. */
  static final int MAX_CHANGES = 500;

  /** The store's snapshot order: kind, then parent, then name. */
  private static final Comparator<ResourceId> ORDER =
      Comparator.comparing(ResourceId::kind)
          .thenComparing(ResourceId::parentName, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(ResourceId::name);

  private record Held(MeshSnapshot snapshot, TreeMap<ResourceId, StoredResource> resources) {}

  private final JournaledStore store;
  private final Map<String, Held> meshes = new HashMap<>();

  MeshMirror(JournaledStore store) {
    this.store = store;
  }

  /** The mesh now, read whole when {@code whole}; empty when it does not exist. */
  Optional<MeshSnapshot> read(String mesh, boolean whole) {
    Held held = whole ? null : meshes.get(mesh);
    if (held != null) {
      Optional<MeshChanges> changes = store.changesSince(mesh, held.snapshot().journalSeq(), MAX_CHANGES);
      if (changes.isPresent()) {
        return Optional.of(apply(held, changes.get()));
      }
    }
    // Dropped first: should the read fail, the next one starts from the store too.
    meshes.remove(mesh);
    Optional<MeshSnapshot> snapshot = store.snapshot(mesh);
    snapshot.ifPresent(s -> {
      TreeMap<ResourceId, StoredResource> resources = new TreeMap<>(ORDER);
      s.resources().forEach(r -> resources.put(r.id(), r));
      meshes.put(mesh, new Held(s, resources));
    });
    return snapshot;
  }

  /** Drops what is held of {@code mesh}: its next read is whole. */
  void forget(String mesh) {
    meshes.remove(mesh);
  }

  private MeshSnapshot apply(Held held, MeshChanges changes) {
    TreeMap<ResourceId, StoredResource> resources = held.resources();
    boolean unchanged = changes.present().isEmpty() && changes.gone().isEmpty();
    if (unchanged && changes.journalSeq() == held.snapshot().journalSeq()) {
      return held.snapshot();
    }
    changes.gone().forEach(resources::remove);
    changes.present().forEach(r -> resources.put(r.id(), r));
    // Unchanged, the list is the held one (an immutable list is not copied again).
    MeshSnapshot snapshot = new MeshSnapshot(changes.mesh(), changes.generation(), changes.lastCommitAt(),
        changes.journalSeq(), unchanged ? held.snapshot().resources() : new ArrayList<>(resources.values()));
    meshes.put(changes.mesh(), new Held(snapshot, resources));
    return snapshot;
  }
}
