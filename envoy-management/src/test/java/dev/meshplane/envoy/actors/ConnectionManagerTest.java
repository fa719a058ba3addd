package dev.meshplane.envoy.actors;

import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.envoy.node.ProxyTarget;
import java.time.Duration;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The grace period and the polls are timed by Pekko's manual scheduler: the test moves time. */
class ConnectionManagerTest {
  private static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config());
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration GRACE = Duration.ofSeconds(2);
  private final ActorFixtures fixtures = new ActorFixtures();

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aManagerOutlivesItsLastStreamByTheGracePeriod() {
    fixtures.mesh.store(fixtures.store, 1);
    ActorRef<ConnectionManager.Command> connections = spawn();
    TestProbe<Set<ProxyTarget>> proxies = testKit.createTestProbe();

    connections.tell(new ConnectionManager.StreamOpened(1, ActorFixtures.NODE));
    connections.tell(new ConnectionManager.StreamClosed(1));
    // (Each answer to GetConnectedProxies comes after what was told before: the grace timer runs by then.)
    assertThat(connected(connections, proxies)).containsExactly(ActorFixtures.NODE);
    manualTime.timePasses(GRACE.minusMillis(1));
    // Reconnected within the grace period: the same manager goes on, past the grace period.
    connections.tell(new ConnectionManager.StreamOpened(2, ActorFixtures.NODE));
    proxies.awaitAssert(Duration.ofSeconds(2), () -> {
      assertThat(fixtures.cache.snapshot(ActorFixtures.NODE)).isPresent();
      return null;
    });
    manualTime.timePasses(GRACE.multipliedBy(2));
    assertThat(connected(connections, proxies)).containsExactly(ActorFixtures.NODE);

    // The last stream closes: the manager is stopped when the grace period ends, not before.
    connections.tell(new ConnectionManager.StreamClosed(2));
    assertThat(connected(connections, proxies)).containsExactly(ActorFixtures.NODE);
    manualTime.timePasses(GRACE.minusMillis(1));
    assertThat(connected(connections, proxies)).containsExactly(ActorFixtures.NODE);
    manualTime.timePasses(Duration.ofMillis(1));
    assertThat(connected(connections, proxies)).isEmpty();
    proxies.awaitAssert(Duration.ofSeconds(2), () -> {
      assertThat(fixtures.cache.snapshot(ActorFixtures.NODE)).isEmpty();
      return null;
    });
  }

  @Test
  void theWatcherTellsManagersOfNewGenerations() {
    fixtures.mesh.store(fixtures.store, 1);
    ActorRef<ConnectionManager.Command> connections = spawn();
    connections.tell(new ConnectionManager.StreamOpened(1, ActorFixtures.NODE));
    TestProbe<ManifestManager.Status> status = testKit.createTestProbe();
    awaitGeneration(connections, status, 1);

    fixtures.mesh.update(VIRTUAL_NODE, null, "backend", ActorFixtures.listener(9090)).store(fixtures.store, 2);
    // Not read before a poll (nothing hints the change here) ...
    connections.tell(new ConnectionManager.GetProxyStatus(ActorFixtures.NODE, status.ref()));
    assertThat(status.receiveMessage().generation()).isEqualTo(1);

    // ... and read after it.
    manualTime.timePasses(POLL);
    awaitGeneration(connections, status, 2);
  }

  private static Set<ProxyTarget> connected(
      ActorRef<ConnectionManager.Command> connections, TestProbe<Set<ProxyTarget>> probe) {
    connections.tell(new ConnectionManager.GetConnectedProxies(probe.ref()));
    return probe.receiveMessage();
  }

  private static void awaitGeneration(
      ActorRef<ConnectionManager.Command> connections, TestProbe<ManifestManager.Status> probe, long generation) {
    probe.awaitAssert(Duration.ofSeconds(3), () -> {
      connections.tell(new ConnectionManager.GetProxyStatus(ActorFixtures.NODE, probe.ref()));
      assertThat(probe.receiveMessage(Duration.ofMillis(200)).generation()).isEqualTo(generation);
      return null;
    });
  }

  private ActorRef<ConnectionManager.Command> spawn() {
    return testKit.spawn(ConnectionManager.create(fixtures.dependencies(fixtures.store),
        new ConnectionManager.Settings(POLL, GRACE)));
  }
}
