package dev.meshplane.envoy.actors;

import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.envoy.node.ProxyTarget;
import java.time.Duration;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ConnectionManagerTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Duration GRACE = Duration.ofMillis(300);
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
    // Reconnected within the grace period: the same manager goes on.
    connections.tell(new ConnectionManager.StreamOpened(2, ActorFixtures.NODE));
    proxies.awaitAssert(Duration.ofSeconds(2), () -> {
      assertThat(fixtures.cache.snapshot(ActorFixtures.NODE)).isPresent();
      return null;
    });
    proxies.expectNoMessage(GRACE.plusMillis(200));
    connections.tell(new ConnectionManager.GetConnectedProxies(proxies.ref()));
    assertThat(proxies.receiveMessage()).containsExactly(ActorFixtures.NODE);

    connections.tell(new ConnectionManager.StreamClosed(2));
    proxies.awaitAssert(Duration.ofSeconds(2), () -> {
      connections.tell(new ConnectionManager.GetConnectedProxies(proxies.ref()));
      assertThat(proxies.receiveMessage()).isEmpty();
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

    awaitGeneration(connections, status, 2);
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
        new ConnectionManager.Settings(Duration.ofMillis(50), GRACE)));
  }
}
