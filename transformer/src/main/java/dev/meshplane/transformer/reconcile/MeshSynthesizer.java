package dev.meshplane.transformer.reconcile;

import dev.meshplane.store.MeshSnapshot;
import java.util.List;
import java.util.function.Supplier;

/**
 * Model in, proxy configs out: every proxy of one mesh (virtual nodes and virtual gateways) with
 * its serialized configuration. Pure: the same snapshot always gives byte-identical payloads,
 * which is what lets the reconciler write only what changed.
 */
@FunctionalInterface
public interface MeshSynthesizer {
  List<SynthesizedProxy> synthesize(MeshSnapshot snapshot);

  /**
   * Every proxy of the mesh synthesized from scratch: a synthesizer that keeps state between
   * snapshots (incremental) must not trust it here. The reconciler's full pass calls this.
   */
  default List<SynthesizedProxy> synthesizeFully(MeshSnapshot snapshot) {
    return synthesize(snapshot);
  }

  /** Drops whatever is kept for {@code mesh} (deleted, or its bucket went to another worker). */
  default void forget(String mesh) {}

  /**
   * One proxy's config: its key ({@code mesh/<mesh>/virtualNode/<name>}), serialized resources,
   * their {@link ContentHash}, and what makes it unfit to serve (a reference that does not
   * resolve, a wrong type, ...): asked only of a config about to be stored, since checking costs
   * more than hashing.
   */
  record SynthesizedProxy(String key, byte[] payload, String contentHash, Supplier<List<String>> violations) {

    public SynthesizedProxy(String key, byte[] payload, Supplier<List<String>> violations) {
      this(key, payload, ContentHash.of(payload), violations);
    }

    /** A config with nothing to check. */
    public SynthesizedProxy(String key, byte[] payload) {
      this(key, payload, List::of);
    }
  }
}
