package dev.meshplane.envoy.actors;

import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.configstore.ProxyConfigVersion;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Read retries and endpoint refreshes are timed by Pekko's manual scheduler: the test moves time. */
class ManifestManagerTest {
  private static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config());
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  /** The fixtures' read retry and endpoint refresh interval. */
  private static final Duration INTERVAL = Duration.ofMillis(100);
  private final ActorFixtures fixtures = new ActorFixtures();

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void readsItsItemOnStartAndServesNewerGenerations() {
    fixtures.mesh.store(fixtures.store, 1);
    ActorRef<ManifestManager.Command> manager =
        testKit.spawn(ManifestManager.create(ActorFixtures.NODE, fixtures.dependencies(fixtures.store)));
    Snapshot first = awaitSnapshot(manager, 1);

    fixtures.mesh.update(VIRTUAL_NODE, null, "backend", ActorFixtures.listener(9090)).store(fixtures.store, 2);
    manager.tell(changed());
    Snapshot second = awaitSnapshot(manager, 2);

    assertThat(second.version(Resources.ResourceType.LISTENER))
        .isNotEqualTo(first.version(Resources.ResourceType.LISTENER));
  }

  @Test
  void anUnreadableStoreOrAnUnservableItemKeepsTheLastGoodSnapshot() {
    fixtures.store.reachable(false);
    ActorRef<ManifestManager.Command> manager =
        testKit.spawn(ManifestManager.create(ActorFixtures.NODE, fixtures.dependencies(fixtures.store)));
    TestProbe<ManifestManager.Status> probe = testKit.createTestProbe();
    manager.tell(new ManifestManager.GetStatus(probe.ref()));
    assertThat(probe.receiveMessage().generation()).isEqualTo(-1);
    assertThat(fixtures.cache.snapshot(ActorFixtures.NODE)).isEmpty();

    // The store comes back: the read retried after the interval serves it (and not before).
    fixtures.store.reachable(true);
    fixtures.mesh.store(fixtures.store, 1);
    manager.tell(new ManifestManager.GetStatus(probe.ref()));
    assertThat(probe.receiveMessage().generation()).isEqualTo(-1);
    Snapshot good = awaitSnapshot(manager, 1, INTERVAL);

    // A newer item that cannot be decoded is not served; nor is an older one (which is not even read).
    fixtures.store.put(
        new ProxyConfigItem(ActorFixtures.NODE.key(), "demo", 2, "garbage", new byte[] {1, 2, 3}, Instant.now()));
    int readsBefore = fixtures.store.reads();
    manager.tell(changed());
    probe.awaitAssert(Duration.ofSeconds(5), () -> {
      assertThat(fixtures.store.reads()).isGreaterThan(readsBefore);
      return null;
    });
    fixtures.mesh.update(VIRTUAL_NODE, null, "backend", ActorFixtures.listener(9090)).store(fixtures.store, 0);
    manager.tell(changed());
    probe.awaitAssert(Duration.ofSeconds(1), () -> {
      manager.tell(new ManifestManager.GetStatus(probe.ref()));
      assertThat(probe.receiveMessage().generation()).isEqualTo(1);
      return null;
    });
    // The same content (an endpoint refresh fired by the moved time may have rebuilt it as a new instance).
    Snapshot served = fixtures.cache.snapshot(ActorFixtures.NODE).orElseThrow();
    for (Resources.ResourceType type : List.of(Resources.ResourceType.LISTENER, Resources.ResourceType.ROUTE,
        Resources.ResourceType.CLUSTER, Resources.ResourceType.ENDPOINT)) {
      assertThat(served.version(type)).as(type.name()).isEqualTo(good.version(type));
    }
  }

  @Test
  void recordsAcksAndNacksPerStream() {
    fixtures.mesh.store(fixtures.store, 1);
    ActorRef<ManifestManager.Command> manager =
        testKit.spawn(ManifestManager.create(ActorFixtures.NODE, fixtures.dependencies(fixtures.store)));
    Snapshot served = awaitSnapshot(manager, 1);
    String listeners = served.version(Resources.ResourceType.LISTENER);

    manager.tell(new ManifestManager.StreamAcked(7, Resources.V3.LISTENER_TYPE_URL, listeners));
    manager.tell(new ManifestManager.StreamNacked(7, Resources.V3.CLUSTER_TYPE_URL, "old", "unknown field"));
    TestProbe<ManifestManager.Status> probe = testKit.createTestProbe();
    manager.tell(new ManifestManager.GetStatus(probe.ref()));

    ManifestManager.Status status = probe.receiveMessage();
    assertThat(status.streams().get(7L).get(Resources.V3.LISTENER_TYPE_URL)).isEqualTo(StreamStatus.acked(listeners));
    assertThat(status.streams().get(7L).get(Resources.V3.CLUSTER_TYPE_URL))
        .isEqualTo(StreamStatus.nacked("old", "unknown field"));
    assertThat(status.convergence()).isPresent();

    manager.tell(new ManifestManager.StreamClosed(7));
    manager.tell(new ManifestManager.GetStatus(probe.ref()));
    assertThat(probe.receiveMessage().streams()).isEmpty();
  }

  @Test
  void dnsNamesAreLookedUpAgainAndTheNewAddressesServed() throws Exception {
    fixtures.mesh.store(fixtures.store, 1);
    testKit.spawn(ManifestManager.create(ActorFixtures.CLIENT, fixtures.dependencies(fixtures.store)));
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(3), () -> {
      assertThat(endpointAddresses()).containsExactly("127.0.0.1");
      return null;
    });

    fixtures.dnsAnswer.set(InetAddress.getByAddress(new byte[] {10, 9, 9, 9}));
    // Looked up again at the next endpoint refresh, not before.
    assertThat(endpointAddresses()).containsExactly("127.0.0.1");

    probe.awaitAssert(Duration.ofSeconds(3), () -> {
      manualTime.timePasses(INTERVAL);
      assertThat(endpointAddresses()).containsExactly("10.9.9.9");
      return null;
    });
  }

  @Test
  void aRefreshWhoseNamesResolveAsBeforeSetsNoNewSnapshot() {
    fixtures.mesh.store(fixtures.store, 1);
    ActorRef<ManifestManager.Command> manager =
        testKit.spawn(ManifestManager.create(ActorFixtures.CLIENT, fixtures.dependencies(fixtures.store)));
    TestProbe<ManifestManager.Status> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(3), () -> {
      assertThat(endpointAddresses()).containsExactly("127.0.0.1");
      return null;
    });
    Snapshot served = fixtures.cache.snapshot(ActorFixtures.CLIENT).orElseThrow();

    for (int refresh = 0; refresh < 3; refresh++) {
      manualTime.timePasses(INTERVAL);
      manager.tell(new ManifestManager.GetStatus(probe.ref()));
      probe.receiveMessage();
    }
    assertThat(fixtures.cache.snapshot(ActorFixtures.CLIENT)).containsSame(served);
  }

  /** What the config watcher would tell after listing the node's item as it is in the store now. */
  private ManifestManager.ConfigChanged changed() {
    return new ManifestManager.ConfigChanged(
        ProxyConfigVersion.of(fixtures.store.get(ActorFixtures.NODE.key()).orElseThrow()));
  }

  private List<String> endpointAddresses() {
    return fixtures.cache.snapshot(ActorFixtures.CLIENT).orElseThrow().endpoints().resources().values().stream()
        .flatMap(a -> a.getEndpointsList().stream())
        .flatMap(l -> l.getLbEndpointsList().stream())
        .map(e -> e.getEndpoint().getAddress().getSocketAddress().getAddress())
        .toList();
  }

  private Snapshot awaitSnapshot(ActorRef<ManifestManager.Command> manager, long generation) {
    return awaitSnapshot(manager, generation, Duration.ZERO);
  }

  /** Waits for the generation, moving time by {@code step} before each look. */
  private Snapshot awaitSnapshot(ActorRef<ManifestManager.Command> manager, long generation, Duration step) {
    TestProbe<ManifestManager.Status> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      manualTime.timePasses(step);
      manager.tell(new ManifestManager.GetStatus(probe.ref()));
      assertThat(probe.receiveMessage().generation()).isEqualTo(generation);
      return null;
    });
    return fixtures.cache.snapshot(ActorFixtures.NODE).orElseThrow();
  }
}
