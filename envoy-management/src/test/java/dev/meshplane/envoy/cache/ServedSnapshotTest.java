package dev.meshplane.envoy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServedSnapshotTest {
  private static final Set<ResourceType> WATCHED = EnumSet.of(ResourceType.CLUSTER, ResourceType.LISTENER, ResourceType.ROUTE);

  @Test
  void twoRouteChangesBeforeAnAckRetainEveryDroppedClusterUntilTheLatestRoutesAreAcked() {
    ServedSnapshot served = ServedSnapshot.of(snapshot("l1", "r1", "a", "b", "c"))
        .then(snapshot("l1", "r2", "a", "b"), WATCHED)
        .then(snapshot("l1", "r3", "a"), WATCHED);
    assertThat(served.resources(ResourceType.CLUSTER).keySet()).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(served.version(ResourceType.CLUSTER)).startsWith("c-a+retained-");

    assertThat(served.acked(ResourceType.ROUTE, "r2")).as("an older route version settles nothing").isSameAs(served);
    ServedSnapshot settled = served.acked(ResourceType.ROUTE, "r3");
    assertThat(settled.resources(ResourceType.CLUSTER).keySet()).containsExactly("a");
    assertThat(settled.version(ResourceType.CLUSTER)).isEqualTo("c-a");
  }

  @Test
  void aListenerChangeIsSettledByTheListenerAck() {
    // A TCP route names its cluster in the listener itself.
    ServedSnapshot served = ServedSnapshot.of(snapshot("l1", "r1", "a", "b")).then(snapshot("l2", "r1", "a"), WATCHED);
    assertThat(served.retainedClusters()).containsOnlyKeys("b");
    assertThat(served.acked(ResourceType.ROUTE, "r1")).isSameAs(served);
    assertThat(served.acked(ResourceType.LISTENER, "l2").retainedClusters()).isEmpty();
  }

  @Test
  void aClusterAddedBackIsNotRetainedAndNothingIsWaitedForWithoutADroppedCluster() {
    ServedSnapshot served = ServedSnapshot.of(snapshot("l1", "r1", "a", "b"))
        .then(snapshot("l1", "r2", "a"), WATCHED)
        .then(snapshot("l1", "r3", "a", "b"), WATCHED);
    assertThat(served.retainedClusters()).isEmpty();
    assertThat(served.awaitingAck()).isEmpty();
    assertThat(served.version(ResourceType.CLUSTER)).isEqualTo("c-a-b");
  }

  @Test
  void typesNoProxyWatchesAreNotWaitedFor() {
    ServedSnapshot served = ServedSnapshot.of(snapshot("l1", "r1", "a", "b"))
        .then(snapshot("l1", "r2", "a"), EnumSet.of(ResourceType.CLUSTER));
    assertThat(served.retainedClusters()).isEmpty();
  }

  private static Snapshot snapshot(String listenersVersion, String routesVersion, String... clusters) {
    List<Cluster> built = java.util.Arrays.stream(clusters).map(name -> Cluster.newBuilder().setName(name).build()).toList();
    return Snapshot.create(built, "c-" + String.join("-", clusters), List.of(), "",
        List.of(Listener.newBuilder().setName("listener").build()), listenersVersion,
        List.of(RouteConfiguration.newBuilder().setName("routes").build()), routesVersion, List.of(), "");
  }
}
