package dev.meshplane.transformer.reconcile;

import dev.meshplane.store.MeshSnapshot;
import java.util.List;

/**
 * Model in, proxy configs out: every proxy of one mesh (virtual nodes and virtual gateways) with
 * its serialized configuration. Pure: the same snapshot always gives byte-identical payloads,
 * which is what lets the reconciler write only what changed.
 */
@FunctionalInterface
public interface MeshSynthesizer {
  List<SynthesizedProxy> synthesize(MeshSnapshot snapshot);

  /** One proxy's config: its key ({@code mesh/<mesh>/virtualNode/<name>}) and serialized resources. */
  record SynthesizedProxy(String key, byte[] payload) {}
}
