package dev.meshplane.transformer.reconcile;

import dev.meshplane.configstore.BucketLeases;
import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.store.JournaledStore;
import dev.meshplane.store.MeshGeneration;
import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.transformer.reconcile.MeshSynthesizer.SynthesizedProxy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The level-driven transformer (DESIGN.md): each tick, for each mesh of the buckets this worker
 * holds whose generation moved (or every mesh on a full pass), read one consistent snapshot (a
 * change pass reads only what the journal names since its last read: {@link MeshMirror}),
 * synthesize every proxy (a change pass: only those the change reaches, see {@link
 * MeshSynthesizer#synthesizeFully}), and write only the items whose content hash differs from the
 * stored item's, in batches of {@value #ITEMS_PER_COMMIT}, each conditioned on generation so an older result never overwrites
 * a newer one; delete the
 * items of proxies that no longer exist. No queue: a missed tick is repaired by the next one.
 *
 * <p>Not thread-safe: one loop drives it.
 */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  /** The stages' CPU time, beside their wall time: what a loaded machine does not blur. */
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private final JournaledStore store;
  private final MeshMirror mirror;
  private final ConfigStore configs;
  private final BucketLeases leases;
  private final MeshSynthesizer synthesizer;
  private final ReconcilerSettings settings;
  /** Generation of each mesh as this worker last reconciled it: a hint, the stores are the truth. */
  private final Map<String, Long> reconciled = new HashMap<>();
  /**
   * Items per batch: one commit in SQLite (transactions of 100 in DynamoDB). A change that reaches
   * every proxy of a large mesh is committed in several batches, so the xDS side pushes the first
   * ones while the rest are checked and encoded, instead of waiting for the whole write stage; a
   * SQLite commit (WAL, synchronous=NORMAL) costs a fraction of a millisecond.
   */
  static final int ITEMS_PER_COMMIT = 50;
  /** The buckets the last tick held, so a shutdown releases exactly those. */
  private Set<Integer> owned = Set.of();

  public Reconciler(
      JournaledStore store,
      ConfigStore configs,
      BucketLeases leases,
      MeshSynthesizer synthesizer,
      ReconcilerSettings settings) {
    this.store = store;
    this.mirror = new MeshMirror(store);
    this.configs = configs;
    this.leases = leases;
    this.synthesizer = synthesizer;
    this.settings = settings;
  }

  public TickReport tick(Pass pass) {
    owned = leases.acquireOrRenew(settings.workerId(), settings.bucketCount(), settings.maxBuckets(), settings.leaseDuration());
    Counts counts = new Counts();
    for (MeshGeneration mesh : store.meshGenerations()) {
      if (!owned.contains(Buckets.of(mesh.mesh(), settings.bucketCount()))) {
        if (reconciled.remove(mesh.mesh()) != null) {
          synthesizer.forget(mesh.mesh());
          mirror.forget(mesh.mesh());
        }
        continue;
      }
      Long seen = reconciled.get(mesh.mesh());
      if (pass == Pass.FULL || seen == null || seen != mesh.generation()) {
        reconcile(mesh, pass, counts);
      }
    }
    return new TickReport(owned, counts.meshes, counts.written, counts.deleted, counts.refused, counts.invalid,
        counts.failed, new TickReport.Stages(counts.readNanos, counts.synthesisNanos, counts.writeNanos, counts.readCpuNanos,
            counts.synthesisCpuNanos, counts.writeCpuNanos));
  }

  /** Gives the buckets up (clean shutdown) so other workers take them without waiting for expiry. */
  public void release() {
    leases.release(settings.workerId(), owned);
    owned = Set.of();
  }

  private void reconcile(MeshGeneration mesh, Pass pass, Counts counts) {
    long started = System.nanoTime();
    long startedCpu = CPU.getCurrentThreadCpuTime();
    // A change pass reads only what the journal names since this worker's last read of the mesh.
    Optional<MeshSnapshot> snapshot = mirror.read(mesh.mesh(), pass == Pass.FULL);
    long read = System.nanoTime();
    long readCpu = CPU.getCurrentThreadCpuTime();
    counts.readNanos += read - started;
    counts.readCpuNanos += readCpu - startedCpu;
    // A deleted mesh has no proxies; its generation row still tells us to clean up after it.
    long generation = snapshot.map(MeshSnapshot::generation).orElse(mesh.generation());
    Map<String, SynthesizedProxy> desired = new LinkedHashMap<>();
    if (snapshot.isPresent()) {
      List<SynthesizedProxy> proxies;
      try {
        // The full pass trusts nothing kept from earlier passes (an incremental synthesizer starts over).
        proxies = pass == Pass.FULL ? synthesizer.synthesizeFully(snapshot.get()) : synthesizer.synthesize(snapshot.get());
      } catch (RuntimeException e) {
        // A fault of the synthesizer for this mesh: its proxies keep what they have, the other
        // meshes go on, and it is tried again next tick.
        LOG.error("mesh {} (generation {}) could not be synthesized; its proxies keep their configs", mesh.mesh(),
            generation, e);
        counts.failed++;
        return;
      }
      proxies.forEach(proxy -> desired.put(proxy.key(), proxy));
    } else {
      synthesizer.forget(mesh.mesh());
    }
    long synthesized = System.nanoTime();
    long synthesizedCpu = CPU.getCurrentThreadCpuTime();
    counts.synthesisNanos += synthesized - read;
    counts.synthesisCpuNanos += synthesizedCpu - readCpu;
    // Only the full pass reads payloads back (to re-hash them and find corruption); a change
    // compares the hashes it has with the stored versions.
    Map<String, String> storedHashes = new HashMap<>();
    Set<String> corrupt = new HashSet<>();
    if (pass == Pass.FULL) {
      for (ProxyConfigItem item : configs.listMesh(mesh.mesh())) {
        storedHashes.put(item.key(), item.contentHash());
        if (!intact(item)) {
          corrupt.add(item.key());
        }
      }
    } else {
      configs.listMeshVersions(mesh.mesh()).forEach(v -> storedHashes.put(v.key(), v.contentHash()));
    }

    List<ProxyConfigItem> changed = new ArrayList<>();
    int written = 0;
    int offered = 0;
    for (SynthesizedProxy proxy : desired.values()) {
      String hash = proxy.contentHash();
      if (hash.equals(storedHashes.get(proxy.key())) && !corrupt.contains(proxy.key())) {
        continue;
      }
      List<String> violations = proxy.violations().get();
      if (!violations.isEmpty()) {
        // Never store what a proxy would reject: it keeps its last good item.
        LOG.warn("{} (mesh generation {}): the new config fails {} structural check(s), keeping the last good one: {}",
            proxy.key(), generation, violations.size(), violations.subList(0, Math.min(5, violations.size())));
        counts.invalid++;
        continue;
      }
      ProxyConfigItem item = new ProxyConfigItem(
          proxy.key(), mesh.mesh(), generation, hash, proxy.payload(),
          snapshot.map(MeshSnapshot::lastCommitAt).orElse(mesh.committedAt()));
      changed.add(item);
      if (changed.size() == ITEMS_PER_COMMIT) {
        written += configs.putAll(changed).size();
        offered += changed.size();
        changed.clear();
      }
    }
    written += configs.putAll(changed).size();
    offered += changed.size();
    counts.written += written;
    counts.refused += offered - written;
    for (String gone : storedHashes.keySet()) {
      if (!desired.containsKey(gone) && configs.delete(gone, generation)) {
        counts.deleted++;
      }
    }
    counts.meshes++;
    counts.writeNanos += System.nanoTime() - synthesized;
    counts.writeCpuNanos += CPU.getCurrentThreadCpuTime() - synthesizedCpu;
    reconciled.put(mesh.mesh(), generation);
  }

  /** A stored item whose payload no longer matches its own hash was corrupted: rewrite it. */
  private static boolean intact(ProxyConfigItem item) {
    return ContentHash.of(item.payload()).equals(item.contentHash());
  }

  private static final class Counts {
    int meshes;
    int written;
    int deleted;
    int refused;
    int invalid;
    int failed;
    long readNanos;
    long synthesisNanos;
    long writeNanos;
    long readCpuNanos;
    long synthesisCpuNanos;
    long writeCpuNanos;
  }

  /** For tests and the status endpoint: the meshes this worker has reconciled, with generations. */
  public Map<String, Long> reconciledGenerations() {
    return Map.copyOf(reconciled);
  }
}
