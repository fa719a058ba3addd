package dev.meshplane.transformer.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ForwardingConfigStore;
import dev.meshplane.configstore.LocalBucketLeases;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.JdbcJournaledStore;
import dev.meshplane.store.JournaledStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The level-driven reconciler over the real journaled store and the SQLite config store. */
class ReconcilerTest {
  @TempDir Path dataDir;
  JournaledStore store;
  ConfigStore configs;
  Reconciler reconciler;
  MeshWrites writes;

  @BeforeEach
  void open() {
    store = JdbcJournaledStore.sqlite(dataDir, Clock.systemUTC());
    configs = SqliteConfigStore.open(dataDir);
    reconciler = new Reconciler(store, configs, new LocalBucketLeases(), new SpecDigestSynthesizer(), ReconcilerSettings.embedded());
    writes = new MeshWrites(store);
  }

  @AfterEach
  void close() {
    configs.close();
    store.close();
  }

  @Test
  void writesOnlyWhatChanged() {
    writes.mesh("shop");
    writes.node("shop", "a", 80);
    writes.node("shop", "b", 81);
    assertThat(reconciler.tick(Pass.CHANGED).itemsWritten()).isEqualTo(2);
    assertThat(reconciler.tick(Pass.CHANGED).meshesReconciled()).isZero();
    assertThat(reconciler.tick(Pass.FULL).itemsWritten()).as("a full pass over unchanged state writes nothing").isZero();

    writes.updateNode("shop", "a", 8080);
    TickReport afterUpdate = reconciler.tick(Pass.CHANGED);
    assertThat(afterUpdate.itemsWritten()).isEqualTo(1);
    ProxyConfigItem a = configs.get("mesh/shop/virtualNode/a").orElseThrow();
    assertThat(a.generation()).isEqualTo(store.meshGeneration("shop"));
    assertThat(new String(a.payload(), StandardCharsets.UTF_8)).contains("8080");
    assertThat(a.journalCommitTime()).isEqualTo(store.snapshot("shop").orElseThrow().lastCommitAt());
    assertThat(configs.get("mesh/shop/virtualNode/b").orElseThrow().generation()).as("b kept its item").isLessThan(a.generation());

    writes.delete(ResourceId.of("shop", ResourceKind.VIRTUAL_NODE, "b"));
    assertThat(reconciler.tick(Pass.CHANGED).itemsDeleted()).isEqualTo(1);
    assertThat(configs.get("mesh/shop/virtualNode/b")).isEmpty();
  }

  /** A mesh whose synthesis throws (injected: a synthesizer that fails for one mesh) stops nothing else. */
  @Test
  void aMeshWhoseSynthesisFailsKeepsItsItemsAndTheOtherMeshesGoOn() {
    java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
    MeshSynthesizer digest = new SpecDigestSynthesizer();
    reconciler = new Reconciler(store, configs, new LocalBucketLeases(), snapshot -> {
      if (failing.get() && snapshot.mesh().equals("bad")) {
        throw new IllegalStateException("injected synthesis fault");
      }
      return digest.synthesize(snapshot);
    }, ReconcilerSettings.embedded());
    writes.mesh("bad");
    writes.node("bad", "a", 80);
    writes.mesh("good");
    writes.node("good", "a", 80);
    assertThat(reconciler.tick(Pass.CHANGED).itemsWritten()).isEqualTo(2);

    failing.set(true);
    writes.updateNode("bad", "a", 8080);
    writes.updateNode("good", "a", 8080);
    TickReport report = reconciler.tick(Pass.CHANGED);
    assertThat(report.meshesFailed()).isEqualTo(1);
    assertThat(report.itemsWritten()).isEqualTo(1);
    assertThat(payload("mesh/good/virtualNode/a")).contains("8080");
    assertThat(payload("mesh/bad/virtualNode/a")).as("the failed mesh keeps its last item").doesNotContain("8080");
    assertThat(reconciler.tick(Pass.CHANGED).meshesFailed()).as("tried again next tick").isEqualTo(1);

    failing.set(false);
    assertThat(reconciler.tick(Pass.CHANGED).itemsWritten()).isEqualTo(1);
    assertThat(payload("mesh/bad/virtualNode/a")).contains("8080");
  }

  /** A config the structural checks refuse (injected: port 9999 "fails" them) is never stored. */
  @Test
  void aConfigFailingTheStructuralChecksIsNotStoredAndTheLastGoodStays() {
    MeshSynthesizer digest = new SpecDigestSynthesizer();
    reconciler = new Reconciler(store, configs, new LocalBucketLeases(), snapshot -> digest.synthesize(snapshot).stream()
        .map(proxy -> new MeshSynthesizer.SynthesizedProxy(proxy.key(), proxy.payload(),
            () -> new String(proxy.payload(), StandardCharsets.UTF_8).contains("9999")
                ? java.util.List.of("listener lds_ingress: route names cluster x, which does not exist")
                : java.util.List.of()))
        .toList(), ReconcilerSettings.embedded());
    writes.mesh("shop");
    writes.node("shop", "a", 80);
    writes.node("shop", "b", 81);
    assertThat(reconciler.tick(Pass.CHANGED).itemsWritten()).isEqualTo(2);

    writes.updateNode("shop", "a", 9999);
    writes.updateNode("shop", "b", 8081);
    TickReport report = reconciler.tick(Pass.CHANGED);
    assertThat(report.configsInvalid()).isEqualTo(1);
    assertThat(report.itemsWritten()).isEqualTo(1);
    assertThat(report.itemsDeleted()).isZero();
    assertThat(payload("mesh/shop/virtualNode/a")).contains("80").doesNotContain("9999");
    assertThat(payload("mesh/shop/virtualNode/b")).contains("8081");

    writes.updateNode("shop", "a", 8080);
    assertThat(reconciler.tick(Pass.CHANGED).itemsWritten()).isEqualTo(1);
    assertThat(payload("mesh/shop/virtualNode/a")).contains("8080");
  }

  private String payload(String key) {
    return new String(configs.get(key).orElseThrow().payload(), StandardCharsets.UTF_8);
  }

  @Test
  void aDeletedMeshLosesItsItems() {
    writes.mesh("gone");
    writes.node("gone", "a", 80);
    reconciler.tick(Pass.CHANGED);
    writes.delete(ResourceId.of("gone", ResourceKind.VIRTUAL_NODE, "a"));
    writes.delete(ResourceId.mesh("gone"));
    reconciler.tick(Pass.CHANGED);
    assertThat(configs.listMesh("gone")).isEmpty();
  }

  @Test
  void aFullPassRestoresLostAndCorruptItems() {
    writes.mesh("heal");
    writes.node("heal", "a", 80);
    writes.node("heal", "b", 81);
    reconciler.tick(Pass.FULL);
    ProxyConfigItem good = configs.get("mesh/heal/virtualNode/a").orElseThrow();

    configs.delete("mesh/heal/virtualNode/b", Long.MAX_VALUE);
    configs.put(new ProxyConfigItem(good.key(), good.mesh(), good.generation(), good.contentHash(),
        "garbage".getBytes(StandardCharsets.UTF_8), good.journalCommitTime()));
    assertThat(reconciler.tick(Pass.CHANGED).itemsWritten()).as("nothing moved in the journal").isZero();

    assertThat(reconciler.tick(Pass.FULL).itemsWritten()).isEqualTo(2);
    assertThat(configs.get("mesh/heal/virtualNode/a")).contains(good);
    assertThat(configs.get("mesh/heal/virtualNode/b")).isPresent();
  }

  @Test
  void bucketsOutsideTheLeaseAreLeftAlone() {
    writes.mesh("elsewhere");
    writes.node("elsewhere", "a", 80);
    int bucket = Buckets.of("elsewhere", 64);
    Reconciler narrow = new Reconciler(store, configs,
        new FixedBuckets((bucket + 1) % 64), new SpecDigestSynthesizer(), new ReconcilerSettings("w", 64, 1, java.time.Duration.ofSeconds(10)));
    assertThat(narrow.tick(Pass.FULL).meshesReconciled()).isZero();
    assertThat(configs.listMesh("elsewhere")).isEmpty();
  }

  @Test
  void aLargeChangeIsCommittedInBatchesEachVisibleBeforeThePassEnds() {
    int nodes = 2 * Reconciler.ITEMS_PER_COMMIT + 20;
    writes.mesh("big");
    for (int n = 0; n < nodes; n++) {
      writes.node("big", "n" + n, 80);
    }
    List<Integer> batches = new ArrayList<>();
    List<Integer> storedBefore = new ArrayList<>();
    ConfigStore watching = new ForwardingConfigStore(configs) {
      @Override
      public Set<String> putAll(List<ProxyConfigItem> items) {
        batches.add(items.size());
        storedBefore.add(delegate.listMeshVersions("big").size());
        return delegate.putAll(items);
      }
    };
    Reconciler batching = new Reconciler(store, watching, new LocalBucketLeases(), new SpecDigestSynthesizer(),
        ReconcilerSettings.embedded());

    assertThat(batching.tick(Pass.CHANGED).itemsWritten()).isEqualTo(nodes);
    assertThat(batches).containsExactly(Reconciler.ITEMS_PER_COMMIT, Reconciler.ITEMS_PER_COMMIT, 20);
    // Each batch was committed (readable by the xDS side) before the next was offered.
    assertThat(storedBefore).containsExactly(0, Reconciler.ITEMS_PER_COMMIT, 2 * Reconciler.ITEMS_PER_COMMIT);
    assertThat(configs.listMeshVersions("big")).hasSize(nodes);
  }

  /** Leases that always grant one bucket, for a worker that owns only part of the meshes. */
  private record FixedBuckets(int bucket) implements dev.meshplane.configstore.BucketLeases {
    @Override
    public java.util.Set<Integer> acquireOrRenew(String workerId, int bucketCount, int maxBuckets, java.time.Duration duration) {
      return java.util.Set.of(bucket);
    }

    @Override
    public void release(String workerId, java.util.Set<Integer> buckets) {}

    @Override
    public void close() {}
  }
}
