package dev.meshplane.envoy.cache;

import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ENDPOINT_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ROUTE_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProxySnapshotCacheTest {
  private final ProxySnapshotCache<String> cache = new ProxySnapshotCache<>(Node::getId);
  private final List<Response> responses = new ArrayList<>();

  @Test
  void aRequestForAnUnknownNameIsAnsweredWithTheNamesThatExist() {
    cache.setSnapshot("n", listeners("v1", "svc.local:80"));

    watch(request("", List.of("svc.local:80", "unknown.local:80")), Set.of());

    assertThat(responses).singleElement().satisfies(r -> {
      assertThat(r.version()).isEqualTo("v1");
      assertThat(r.resources()).extracting(m -> Resources.getResourceName(m)).containsExactly("svc.local:80");
    });
  }

  @Test
  void anAckOfTheCurrentVersionWaitsAndANewSnapshotAnswersIt() {
    cache.setSnapshot("n", listeners("v1", "a"));
    watch(request("v1", List.of("a")), Set.of("a"));
    assertThat(responses).isEmpty();

    cache.setSnapshot("n", listeners("v2", "a", "b"));

    assertThat(responses).singleElement().satisfies(r -> assertThat(r.version()).isEqualTo("v2"));
  }

  /**
   * A proxy that reconnects (to this server or another: versions are content hashes) names the
   * version it holds on the stream's first request; it is sent nothing until something changes.
   */
  @Test
  void aReconnectingProxyHoldingTheCurrentVersionIsSentNothingUntilItChanges() {
    cache.setSnapshot("n", listeners("v1", "a", "b"));
    DiscoveryRequest first = request("v1", List.of()).toBuilder().clearResponseNonce().build();

    watch(first, Set.of());
    assertThat(responses).isEmpty();

    cache.setSnapshot("n", listeners("v1", "a", "b"));
    assertThat(responses).isEmpty();
    cache.setSnapshot("n", listeners("v2", "a", "b", "c"));
    assertThat(responses).singleElement().satisfies(r -> assertThat(r.version()).isEqualTo("v2"));
  }

  @Test
  void aReconnectingProxyWithAnotherVersionGetsTheCurrentOne() {
    cache.setSnapshot("n", listeners("v2", "a"));

    watch(request("v1", List.of()).toBuilder().clearResponseNonce().build(), Set.of());

    assertThat(responses).singleElement().satisfies(r -> assertThat(r.version()).isEqualTo("v2"));
  }

  @Test
  void aNewlyRequestedExistingNameIsSentAtOnce() {
    cache.setSnapshot("n", listeners("v1", "a", "b"));

    watch(request("v1", List.of("a", "b")), Set.of("a"));

    assertThat(responses).singleElement().satisfies(r ->
        assertThat(r.resources()).extracting(m -> Resources.getResourceName(m)).containsExactly("a", "b"));
  }

  @Test
  void aNackIsNotAnsweredWithTheSameVersionAgain() {
    cache.setSnapshot("n", listeners("v2", "a"));
    DiscoveryRequest nack = request("v1", List.of("a")).toBuilder()
        .setErrorDetail(com.google.rpc.Status.newBuilder().setMessage("bad")).build();

    watch(nack, Set.of("a"));
    assertThat(responses).isEmpty();

    cache.setSnapshot("n", listeners("v3", "a"));
    assertThat(responses).singleElement().satisfies(r -> assertThat(r.version()).isEqualTo("v3"));
  }

  @Test
  void aNewSnapshotAnswersClustersBeforeListeners() {
    watch(request("", List.of()), Set.of());
    watch(request("", List.of()).toBuilder().setTypeUrl(CLUSTER_TYPE_URL).build(), Set.of());

    cache.setSnapshot("n", Snapshot.create(List.of(Cluster.newBuilder().setName("c").build()), "c1", List.of(), "",
        List.of(Listener.newBuilder().setName("a").build()), "v1", List.of(), "", List.of(), ""));

    assertThat(responses).extracting(r -> r.request().getTypeUrl()).containsExactly(CLUSTER_TYPE_URL, LISTENER_TYPE_URL);
  }

  /**
   * grpc-js, dropping its last endpoint subscription, sends an EDS request with no names, then
   * subscribes to a new cluster's endpoints at the version it ACKed: the assignment must come then.
   */
  @Test
  void anEndpointRequestWithoutNamesGetsNothingSoALaterSubscriptionIsAnswered() {
    cache.setSnapshot("n", endpoints("e1", "a", "c"));
    DiscoveryRequest noNames = request("e0", List.of()).toBuilder().setTypeUrl(ENDPOINT_TYPE_URL).build();

    watch(noNames, Set.of("a"));
    assertThat(responses).singleElement().satisfies(r -> {
      assertThat(r.version()).isEqualTo("e1");
      assertThat(r.resources()).isEmpty();
    });

    watch(noNames.toBuilder().setVersionInfo("e1").addResourceNames("c").build(), Set.of());
    assertThat(responses).last().satisfies(r ->
        assertThat(r.resources()).extracting(m -> Resources.getResourceName(m)).containsExactly("c"));
  }

  @Test
  void aListenerRequestWithoutNamesIsAWildcard() {
    cache.setSnapshot("n", listeners("v1", "a", "b"));

    watch(request("", List.of()), Set.of());

    assertThat(responses).singleElement().satisfies(r ->
        assertThat(r.resources()).extracting(m -> Resources.getResourceName(m)).containsExactlyInAnyOrder("a", "b"));
  }

  @Test
  void aCancelledWatchIsNotAnswered() {
    watch(request("", List.of()), Set.of()).cancel();

    cache.setSnapshot("n", listeners("v1", "a"));

    assertThat(responses).isEmpty();
  }

  /** Make before break: a route moves off cluster b; b stays until the proxy applied the new routes. */
  @Test
  void aClusterTheNewRoutesNoLongerUseStaysUntilTheRoutesAreAcked() {
    cache.setSnapshot("n", routed("c1", "r1", List.of("a", "b")));
    watch(request(CLUSTER_TYPE_URL, "c1", List.of()), Set.of("a", "b"));
    watch(request(ROUTE_TYPE_URL, "r1", List.of("routes")), Set.of("routes"));
    assertThat(responses).isEmpty();

    cache.setSnapshot("n", routed("c2", "r2", List.of("a")));

    assertThat(responses).hasSize(2);
    Response clusters = responses.get(0);
    assertThat(clusters.request().getTypeUrl()).isEqualTo(CLUSTER_TYPE_URL);
    assertThat(names(clusters)).containsExactly("a", "b");
    assertThat(clusters.version()).startsWith("c2+retained");
    assertThat(responses.get(1).version()).isEqualTo("r2");

    // The proxy ACKs the clusters (nothing more to send), then the routes: b goes now.
    watch(request(CLUSTER_TYPE_URL, clusters.version(), List.of()), Set.of("a", "b"));
    assertThat(responses).hasSize(2);
    watch(request(ROUTE_TYPE_URL, "r2", List.of("routes")), Set.of("routes"));
    assertThat(responses).hasSize(3);
    assertThat(responses.get(2).version()).isEqualTo("c2");
    assertThat(names(responses.get(2))).containsExactly("a");
  }

  @Test
  void aClusterDroppedWithoutARouteChangeGoesAtOnce() {
    cache.setSnapshot("n", routed("c1", "r1", List.of("a", "b")));
    watch(request(CLUSTER_TYPE_URL, "c1", List.of()), Set.of("a", "b"));
    watch(request(ROUTE_TYPE_URL, "r1", List.of("routes")), Set.of("routes"));

    cache.setSnapshot("n", routed("c2", "r1", List.of("a")));

    assertThat(responses).singleElement().satisfies(r -> {
      assertThat(r.version()).isEqualTo("c2");
      assertThat(names(r)).containsExactly("a");
    });
  }

  @Test
  void routesNoProxyWatchesAreNotWaitedFor() {
    cache.setSnapshot("n", routed("c1", "r1", List.of("a", "b")));
    watch(request(CLUSTER_TYPE_URL, "c1", List.of()), Set.of("a", "b"));

    cache.setSnapshot("n", routed("c2", "r2", List.of("a")));

    assertThat(responses).singleElement().satisfies(r -> assertThat(names(r)).containsExactly("a"));
  }

  @Test
  void aProxyStillBeingAnsweredDoesNotHoldUpAnothersSnapshot() throws Exception {
    java.util.concurrent.CountDownLatch answering = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    cache.setSnapshot("slow", listeners("v1", "a"));
    DiscoveryRequest slowAck = request("v1", List.of("a")).toBuilder().setNode(Node.newBuilder().setId("slow")).build();
    // The slow proxy's stream blocks while it is answered (a slow send), inside its group's fan-out.
    cache.createWatch(true, XdsRequest.create(slowAck), Set.of("a"), response -> {
      answering.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, false, false);
    Thread slowFanOut = new Thread(() -> cache.setSnapshot("slow", listeners("v2", "a")));
    slowFanOut.start();
    try {
      assertThat(answering.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      watch(request("v1", List.of("a")), Set.of("a"));

      // Another proxy's snapshot is set and its stream answered meanwhile.
      Thread other = new Thread(() -> cache.setSnapshot("n", listeners("v2", "a")));
      other.start();
      other.join(5_000);
      assertThat(other.isAlive()).as("setting another proxy's snapshot waited for the slow fan-out").isFalse();
      assertThat(responses).singleElement().satisfies(r -> assertThat(r.version()).isEqualTo("v2"));
    } finally {
      release.countDown();
      slowFanOut.join(5_000);
    }
  }

  private io.envoyproxy.controlplane.cache.Watch watch(DiscoveryRequest request, Set<String> known) {
    return cache.createWatch(true, XdsRequest.create(request), known, responses::add, false, false);
  }

  private static DiscoveryRequest request(String version, List<String> names) {
    return request(LISTENER_TYPE_URL, version, names);
  }

  /** A request in the middle of a stream: it answers an earlier response (a nonce). */
  private static DiscoveryRequest request(String typeUrl, String version, List<String> names) {
    return DiscoveryRequest.newBuilder().setNode(Node.newBuilder().setId("n")).setTypeUrl(typeUrl)
        .setVersionInfo(version).addAllResourceNames(names).setResponseNonce("1").build();
  }

  private static List<String> names(Response response) {
    return response.resources().stream().map(Resources::getResourceName).toList();
  }

  /** Clusters, and one route configuration ("routes") whose content the version stands for. */
  private static Snapshot routed(String clustersVersion, String routesVersion, List<String> clusters) {
    List<Cluster> built = clusters.stream().map(name -> Cluster.newBuilder().setName(name).build()).toList();
    return Snapshot.create(built, clustersVersion, List.of(), "", List.of(), "",
        List.of(RouteConfiguration.newBuilder().setName("routes").build()), routesVersion, List.of(), "");
  }

  private static Snapshot endpoints(String version, String... clusters) {
    List<ClusterLoadAssignment> assignments = new ArrayList<>();
    for (String cluster : clusters) {
      assignments.add(ClusterLoadAssignment.newBuilder().setClusterName(cluster).build());
    }
    return Snapshot.create(List.of(), "", assignments, version, List.of(), "", List.of(), "", List.of(), "");
  }

  private static Snapshot listeners(String version, String... names) {
    List<Listener> listeners = new ArrayList<>();
    for (String name : names) {
      listeners.add(Listener.newBuilder().setName(name).build());
    }
    return Snapshot.create(List.of(), "", List.of(), "", listeners, version, List.of(), "", List.of(), "");
  }
}
