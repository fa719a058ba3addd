package dev.meshplane.store;

import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The resource store with its append-only journal (DESIGN.md, "Journaled store").
 *
 * <p>Every write is one serializable transaction: check parent, references, preconditions and
 * expected version; write the resource row; append one journal entry with the next global
 * sequence number; bump the mesh's generation. A refused write changes nothing. Reads see only
 * committed state.
 */
public interface JournaledStore extends AutoCloseable {

  /** Applies one write; throws {@link StoreException} when refused. */
  WriteResult apply(Mutation mutation);

  /**
   * Applies one write; the future fails with the {@link StoreException} when refused. A store
   * that commits writes on a thread of its own completes it there, so the caller holds no thread
   * while the write waits for its commit; otherwise the write is applied before this returns.
   */
  default CompletableFuture<WriteResult> applyAsync(Mutation mutation) {
    try {
      return CompletableFuture.completedFuture(apply(mutation));
    } catch (RuntimeException refused) {
      return CompletableFuture.failedFuture(refused);
    }
  }

  Optional<StoredResource> get(ResourceId id);

  /**
   * Resources of one kind in name order, after {@code afterName} (exclusive; null for the first
   * page), at most {@code limit}. {@code mesh} is ignored for meshes; {@code parentName} is the
   * router of routes and the gateway of gateway routes, else null.
   */
  Page<StoredResource> list(ResourceKind kind, String mesh, String parentName, String afterName, int limit);

  /** Journal entries with {@code seq > afterSeq}, in order, at most {@code limit}. */
  List<JournalEntry> journalAfter(long afterSeq, int limit);

  /**
   * The journal entries of one mesh (the mesh and everything in it) with {@code seq > afterSeq},
   * in order, at most {@code limit}: its history, and what an as-of view replays.
   */
  List<JournalEntry> journalOfMesh(String mesh, long afterSeq, int limit);

  /** The mesh's generation: bumped by every write in the mesh; 0 when the mesh never existed. */
  long meshGeneration(String mesh);

  /**
   * Every mesh ever written, with its generation, in name order; deleted meshes stay listed (their
   * generation still moves), so a reader can tell "deleted" from "never seen".
   */
  List<MeshGeneration> meshGenerations();

  /** One consistent read of a whole mesh; empty when the mesh does not exist. */
  Optional<MeshSnapshot> snapshot(String mesh);

  /**
   * What changed in {@code mesh} after journal sequence {@code afterSeq}, in one consistent read:
   * a cheaper {@link #snapshot} for a reader that holds the mesh as of {@code afterSeq}. Empty when
   * the reader must read the whole snapshot instead: the mesh does not exist now, more than {@code
   * limit} journal entries follow {@code afterSeq}, the journal does not reach back to it (a
   * restored store), or the store cannot tell (the default).
   */
  default Optional<MeshChanges> changesSince(String mesh, long afterSeq, int limit) {
    return Optional.empty();
  }

  /**
   * A random 256-bit key for {@code purpose}, made once per store and the same for every process
   * that opens it: what frontends behind one load balancer sign and check shared tokens with.
   */
  byte[] sharedKey(String purpose);

  @Override
  void close();
}
