package dev.meshplane.envoy.actors;

import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.configstore.ConfigChanges;
import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ForwardingConfigStore;
import dev.meshplane.configstore.NotifyingConfigStore;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.configstore.ProxyConfigVersion;
import dev.meshplane.envoy.InMemoryConfigStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ConfigStoreWatcherTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
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

    assertThat(generation(backend)).isEqualTo(1);
    assertThat(generation(client)).isEqualTo(1);
    // Unchanged items are not told again, however many polls pass.
    backend.expectNoMessage(POLL.multipliedBy(6));
    client.expectNoMessage(Duration.ZERO);
    // Two proxies, one mesh: listings follow the polls, and no proxy is read on its own.
    assertThat(fixtures.store.listings()).isGreaterThanOrEqualTo(2);
    assertThat(fixtures.store.reads()).isZero();

    fixtures.mesh.update(VIRTUAL_NODE, null, "backend", ActorFixtures.listener(9090)).store(fixtures.store, 2);

    assertThat(generation(backend)).isEqualTo(2);
    // The client's item has a new generation too (the whole mesh is stored at 2): it is told as well.
    assertThat(generation(client)).isEqualTo(2);

    watcher.tell(new ConfigStoreWatcher.Unwatch("demo", ActorFixtures.NODE.key(), backend.ref()));
    watcher.tell(new ConfigStoreWatcher.Unwatch("demo", ActorFixtures.CLIENT.key(), client.ref()));
    int listings = waitForQuiet();
    assertThat(fixtures.store.listings()).isEqualTo(listings);
  }

  private int waitForQuiet() {
    testKit.createTestProbe().expectNoMessage(POLL.multipliedBy(2));
    int listings = fixtures.store.listings();
    testKit.createTestProbe().expectNoMessage(POLL.multipliedBy(4));
    return listings;
  }

  private static long generation(TestProbe<ManifestManager.Command> manager) {
    ManifestManager.Command told = manager.receiveMessage(Duration.ofSeconds(3));
    assertThat(told).isInstanceOf(ManifestManager.ConfigChanged.class);
    return ((ManifestManager.ConfigChanged) told).version().generation();
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
    int listings = fixtures.store.listings();
    int reads = waitForQuietReads();

    // Many polls of an unchanged mesh: listings, but not one item read.
    testKit.createTestProbe().expectNoMessage(POLL.multipliedBy(8));
    assertThat(fixtures.store.listings()).isGreaterThan(listings + 2);
    assertThat(fixtures.store.reads()).isEqualTo(reads);

    // Only the backend's item changes: exactly one read, by the backend's manager.
    ProxyConfigItem before = fixtures.store.get(ActorFixtures.NODE.key()).orElseThrow();
    reads = fixtures.store.reads();
    fixtures.store.put(new ProxyConfigItem(before.key(), before.mesh(), 2, before.contentHash() + "-rewritten",
        before.payload(), before.journalCommitTime()));
    awaitGeneration(backend, 2);
    testKit.createTestProbe().expectNoMessage(POLL.multipliedBy(6));
    assertThat(fixtures.store.reads()).isEqualTo(reads + 1);
    assertThat(status(client).generation()).isEqualTo(1);

    testKit.stop(backend);
    testKit.stop(client);
    testKit.stop(watcher);
  }

  /** Waits for the managers' start-up reads to settle and returns the read count then. */
  private int waitForQuietReads() {
    int reads;
    do {
      reads = fixtures.store.reads();
      testKit.createTestProbe().expectNoMessage(POLL.multipliedBy(4));
    } while (fixtures.store.reads() != reads);
    return reads;
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


  /** Long enough that no poll happens during a test: only a hint can explain what a manager is told. */
  private static final Duration NO_POLL = Duration.ofHours(1);

  @Test
  void aCommitHintListsTheMeshAtOnceWithoutWaitingForThePoll() {
    fixtures.mesh.store(fixtures.store, 1);
    ConfigChanges changes = new ConfigChanges();
    ActorRef<ConfigStoreWatcher.Command> watcher =
        testKit.spawn(ConfigStoreWatcher.create(fixtures.store, Runnable::run, NO_POLL));
    changes.subscribe(mesh -> watcher.tell(new ConfigStoreWatcher.MeshChanged(mesh)));
    TestProbe<ManifestManager.Command> backend = testKit.createTestProbe();
    watcher.tell(new ConfigStoreWatcher.Watch("demo", ActorFixtures.NODE.key(), backend.ref()));
    backend.expectNoMessage(Duration.ofMillis(200));

    // The transformer's side writes through the notifying store: its commit wakes the watcher.
    ConfigStore transformerSide = new NotifyingConfigStore(fixtures.store, changes);
    fixtures.mesh.update(VIRTUAL_NODE, null, "backend", ActorFixtures.listener(9090)).store(transformerSide, 2);

    assertThat(generation(backend)).isEqualTo(2);
    // A hint about another mesh lists nothing: no proxy of it is watched. (First let the hints of
    // the items written after the backend's be listed: each item written published one.)
    int listings;
    do {
      listings = fixtures.store.listings();
      backend.expectNoMessage(Duration.ofMillis(200));
    } while (fixtures.store.listings() != listings);
    changes.published("other");
    backend.expectNoMessage(Duration.ofMillis(200));
    assertThat(fixtures.store.listings()).isEqualTo(listings);
    testKit.stop(watcher);
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
