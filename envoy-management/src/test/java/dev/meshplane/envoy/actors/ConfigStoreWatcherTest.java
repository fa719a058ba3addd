package dev.meshplane.envoy.actors;

import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshplane.configstore.ConfigChanges;
import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ForwardingConfigStore;
import dev.meshplane.configstore.NotifyingConfigStore;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.configstore.ProxyConfigVersion;
import dev.meshplane.envoy.InMemoryConfigStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Polls are fired by Pekko's manual scheduler: the test counts them exactly instead of waiting for
 * them. Listings run on the watcher's thread (a synchronous executor), so a poll's listing has
 * happened when the store counts it.
 */
class ConfigStoreWatcherTest {
  private static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config());
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  /** Shorter than the managers' timers (ActorFixtures), so a fired poll rarely fires those too. */
  private static final Duration POLL = Duration.ofMillis(50);
  private final ActorFixtures fixtures = new ActorFixtures();

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void oneListingPerMeshAndPollTellsEachManagerOfItsChangesOnce() {
    fixtures.mesh.store(fixtures.store, 1);
    ActorRef<ConfigStoreWatcher.Command> watcher =
        testKit.spawn(ConfigStoreWatcher.create(fixtures.store, Runnable::run, POLL));
    TestProbe<ManifestManager.Command> backend = testKit.createTestProbe();
    TestProbe<ManifestManager.Command> client = testKit.createTestProbe();
    watcher.tell(new ConfigStoreWatcher.Watch("demo", ActorFixtures.NODE.key(), backend.ref()));
    watcher.tell(new ConfigStoreWatcher.Watch("demo", ActorFixtures.CLIENT.key(), client.ref()));

    poll();
    assertThat(generation(backend)).isEqualTo(1);
    assertThat(generation(client)).isEqualTo(1);
    // Unchanged items are not told again, however many polls pass; two proxies, one mesh: one
    // listing per poll, and no proxy is read on its own.
    for (int i = 0; i < 4; i++) {
      poll();
    }
    backend.expectNoMessage(Duration.ZERO);
    client.expectNoMessage(Duration.ZERO);
    assertThat(fixtures.store.listings()).isEqualTo(5);
    assertThat(fixtures.store.reads()).isZero();

    fixtures.mesh.update(VIRTUAL_NODE, null, "backend", ActorFixtures.listener(9090)).store(fixtures.store, 2);
    poll();
    assertThat(generation(backend)).isEqualTo(2);
    // The client's item has a new generation too (the whole mesh is stored at 2): it is told as well.
    assertThat(generation(client)).isEqualTo(2);

    // Nothing watched: polls list nothing. (The hint about another watched mesh, sent after the
    // polls, is handled after them: when its listing is counted, theirs would have been.)
    watcher.tell(new ConfigStoreWatcher.Unwatch("demo", ActorFixtures.NODE.key(), backend.ref()));
    watcher.tell(new ConfigStoreWatcher.Unwatch("demo", ActorFixtures.CLIENT.key(), client.ref()));
    int listings = fixtures.store.listings();
    manualTime.timePasses(POLL.multipliedBy(4));
    watcher.tell(new ConfigStoreWatcher.Watch("other", "mesh/other/virtualNode/x", backend.ref()));
    watcher.tell(new ConfigStoreWatcher.MeshChanged("other"));
    await().atMost(Duration.ofSeconds(5)).until(() -> fixtures.store.listings() > listings);
    assertThat(fixtures.store.listings()).isEqualTo(listings + 1);
    testKit.stop(watcher);
  }

  private static long generation(TestProbe<ManifestManager.Command> manager) {
    ManifestManager.Command told = manager.receiveMessage(Duration.ofSeconds(3));
    assertThat(told).isInstanceOf(ManifestManager.ConfigChanged.class);
    return ((ManifestManager.ConfigChanged) told).version().generation();
  }

  /** Fires one poll and waits for its listing (ManualTime itself pauses 100 ms to let dispatchers settle). */
  private void poll() {
    int listings = fixtures.store.listings();
    manualTime.timePasses(POLL);
    // The listing follows at once: look without Awaitility's default first delay.
    await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
        .until(() -> fixtures.store.listings() > listings);
  }

  @Test
  void unchangedPollsReadNoItemAndAChangeIsReadOncePerAffectedProxy() {
    fixtures.mesh.store(fixtures.store, 1);
    ActorRef<ConfigStoreWatcher.Command> watcher =
        testKit.spawn(ConfigStoreWatcher.create(fixtures.store, Runnable::run, POLL));
    ActorRef<ManifestManager.Command> backend =
        testKit.spawn(ManifestManager.create(ActorFixtures.NODE, fixtures.dependencies(fixtures.store)));
    ActorRef<ManifestManager.Command> client =
        testKit.spawn(ManifestManager.create(ActorFixtures.CLIENT, fixtures.dependencies(fixtures.store)));
    watcher.tell(new ConfigStoreWatcher.Watch("demo", ActorFixtures.NODE.key(), backend));
    watcher.tell(new ConfigStoreWatcher.Watch("demo", ActorFixtures.CLIENT.key(), client));
    awaitGeneration(backend, 1);
    awaitGeneration(client, 1);
    // Each manager read its item once on start; the first poll tells both of generation 1, which they have.
    assertThat(fixtures.store.reads()).isEqualTo(2);
    int listings = fixtures.store.listings();

    // Many polls of an unchanged mesh: listings, but not one item read.
    for (int i = 0; i < 4; i++) {
      poll();
    }
    settle(List.of(backend, client));
    assertThat(fixtures.store.listings()).isEqualTo(listings + 4);
    assertThat(fixtures.store.reads()).isEqualTo(2);

    // Only the backend's item changes: exactly one read, by the backend's manager.
    ProxyConfigItem before = fixtures.store.get(ActorFixtures.NODE.key()).orElseThrow();
    int reads = fixtures.store.reads();
    fixtures.store.put(new ProxyConfigItem(before.key(), before.mesh(), 2, before.contentHash() + "-rewritten",
        before.payload(), before.journalCommitTime()));
    poll();
    awaitGeneration(backend, 2);
    for (int i = 0; i < 3; i++) {
      poll();
    }
    settle(List.of(backend, client));
    assertThat(fixtures.store.reads()).isEqualTo(reads + 1);
    assertThat(status(client).generation()).isEqualTo(1);

    testKit.stop(backend);
    testKit.stop(client);
    testKit.stop(watcher);
  }

  /** Returns once each manager has handled what it was told before (a status round trip). */
  private static void settle(List<ActorRef<ManifestManager.Command>> managers) {
    for (ActorRef<ManifestManager.Command> manager : managers) {
      status(manager);
    }
  }

  private static void awaitGeneration(ActorRef<ManifestManager.Command> manager, long generation) {
    testKit.createTestProbe().awaitAssert(Duration.ofSeconds(3), () -> {
      assertThat(status(manager).generation()).isEqualTo(generation);
      return null;
    });
  }

  private static ManifestManager.Status status(ActorRef<ManifestManager.Command> manager) {
    TestProbe<ManifestManager.Status> probe = testKit.createTestProbe();
    manager.tell(new ManifestManager.GetStatus(probe.ref()));
    return probe.receiveMessage();
  }


  /** Never fires here (the scheduler is manual): only a hint can explain what a manager is told. */
  private static final Duration NO_POLL = Duration.ofHours(1);

  @Test
  void aCommitHintListsTheMeshAtOnceWithoutWaitingForThePoll() {
    fixtures.mesh.store(fixtures.store, 1);
    RecordedListings recorded = new RecordedListings(fixtures.store);
    ConfigChanges changes = new ConfigChanges();
    ActorRef<ConfigStoreWatcher.Command> watcher =
        testKit.spawn(ConfigStoreWatcher.create(recorded, Runnable::run, NO_POLL));
    changes.subscribe(mesh -> watcher.tell(new ConfigStoreWatcher.MeshChanged(mesh)));
    TestProbe<ManifestManager.Command> backend = testKit.createTestProbe();
    TestProbe<ManifestManager.Command> marker = testKit.createTestProbe();
    watcher.tell(new ConfigStoreWatcher.Watch("demo", ActorFixtures.NODE.key(), backend.ref()));
    watcher.tell(new ConfigStoreWatcher.Watch("marker", "mesh/marker/virtualNode/m", marker.ref()));
    recorded.awaitAfter(watcher, 0);
    assertThat(recorded.listed).containsExactly("marker");
    backend.expectNoMessage(Duration.ZERO);

    // The transformer's side writes through the notifying store: its commit wakes the watcher.
    ConfigStore transformerSide = new NotifyingConfigStore(fixtures.store, changes);
    fixtures.mesh.update(VIRTUAL_NODE, null, "backend", ActorFixtures.listener(9090)).store(transformerSide, 2);
    assertThat(generation(backend)).isEqualTo(2);

    // A hint about another mesh lists nothing: no proxy of it is watched.
    int before = recorded.awaitAfter(watcher, recorded.listed.size());
    changes.published("other");
    recorded.awaitAfter(watcher, before);
    assertThat(recorded.listed.subList(before, recorded.listed.size())).containsExactly("marker");
    testKit.stop(watcher);
  }

  /** Records which meshes are listed, in order. */
  private static final class RecordedListings extends ForwardingConfigStore {
    final List<String> listed = new CopyOnWriteArrayList<>();

    RecordedListings(InMemoryConfigStore store) {
      super(store);
    }

    @Override
    public List<ProxyConfigVersion> listMeshVersions(String mesh) {
      listed.add(mesh);
      return delegate.listMeshVersions(mesh);
    }

    /**
     * Hints the watched "marker" mesh and waits for its listing after {@code from}: the watcher has
     * then handled everything told before the hint. Returns how many listings there were then.
     */
    int awaitAfter(ActorRef<ConfigStoreWatcher.Command> watcher, int from) {
      watcher.tell(new ConfigStoreWatcher.MeshChanged("marker"));
      await().atMost(Duration.ofSeconds(5)).until(() -> listed.subList(from, listed.size()).contains("marker"));
      return listed.size();
    }

    /** The fixture's store stays open. */
    @Override
    public void close() {}
  }

  @Test
  void aHintDuringAListingListsTheMeshAgainAfterIt() throws Exception {
    fixtures.mesh.store(fixtures.store, 1);
    CountDownLatch listed = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    GatedListings gated = new GatedListings(fixtures.store, listed, release);
    ExecutorService io = Executors.newCachedThreadPool();
    try {
      ActorRef<ConfigStoreWatcher.Command> watcher = testKit.spawn(ConfigStoreWatcher.create(gated, io, NO_POLL));
      TestProbe<ManifestManager.Command> backend = testKit.createTestProbe();
      watcher.tell(new ConfigStoreWatcher.Watch("demo", ActorFixtures.NODE.key(), backend.ref()));
      watcher.tell(new ConfigStoreWatcher.MeshChanged("demo"));
      // The first listing has read generation 1 and is held; generation 2 is committed meanwhile.
      assertThat(listed.await(3, TimeUnit.SECONDS)).isTrue();
      fixtures.mesh.update(VIRTUAL_NODE, null, "backend", ActorFixtures.listener(9090)).store(fixtures.store, 2);
      watcher.tell(new ConfigStoreWatcher.MeshChanged("demo"));
      release.countDown();

      assertThat(generation(backend)).isEqualTo(1);
      // Without the second listing generation 2 would wait for a poll that never comes here.
      assertThat(generation(backend)).isEqualTo(2);
      testKit.stop(watcher);
    } finally {
      io.shutdownNow();
    }
  }

  /** Holds the first listing after it has read the store, until released. */
  private static final class GatedListings extends ForwardingConfigStore {
    private final CountDownLatch listed;
    private final CountDownLatch release;

    GatedListings(InMemoryConfigStore store, CountDownLatch listed, CountDownLatch release) {
      super(store);
      this.listed = listed;
      this.release = release;
    }

    @Override
    public List<ProxyConfigVersion> listMeshVersions(String mesh) {
      List<ProxyConfigVersion> versions = delegate.listMeshVersions(mesh);
      listed.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return versions;
    }

    /** The fixture's store stays open. */
    @Override
    public void close() {}
  }
}
