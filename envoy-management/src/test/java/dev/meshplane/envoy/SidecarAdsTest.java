package dev.meshplane.envoy;

import static dev.meshplane.model.ResourceKind.ROUTE;
import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static dev.meshplane.model.ResourceKind.VIRTUAL_ROUTER;
import static dev.meshplane.model.ResourceKind.VIRTUAL_SERVICE;
import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ENDPOINT_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ROUTE_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import dev.meshplane.envoy.actors.ConnectionManager;
import dev.meshplane.envoy.actors.ManifestManager;
import dev.meshplane.envoy.node.ProxyTarget;
import dev.meshplane.model.internal.ProxyConfig;
import dev.meshplane.proxyconfig.StoredProxyConfigCodec;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A raw ADS client subscribes as an Envoy sidecar of a synthesized mesh stored in SQLite. */
class SidecarAdsTest {
  private static final String CLIENT = "arn:aws:appmesh:us-west-2:111122223333:mesh/demo/virtualNode/client";
  private static final String ALL_ROUTE = """
      {"httpRoute": {"match": {"prefix": "/"}, "action": {"weightedTargets": [{"virtualNode": "backend", "weight": 1}]}}}""";
  private static final String API_ROUTE = """
      {"httpRoute": {"match": {"prefix": "/api"}, "action": {"weightedTargets": [{"virtualNode": "backend", "weight": 1}]}}}""";

  @TempDir Path dataDir;
  private SqliteConfigStore store;
  private EnvoyManagement management;
  private TestMesh mesh;

  @BeforeEach
  void start() {
    store = SqliteConfigStore.open(dataDir);
    mesh = new TestMesh("demo")
        .add(VIRTUAL_NODE, null, "backend", TestMesh.httpNode("localhost"))
        .add(VIRTUAL_NODE, null, "client", """
            {"backends": [{"virtualService": {"virtualServiceName": "backend.demo.local"}}],
             "serviceDiscovery": {"dns": {"hostname": "client.demo.local"}}}""")
        .add(VIRTUAL_ROUTER, null, "backend", """
            {"listeners": [{"portMapping": {"port": 8080, "protocol": "http"}}]}""")
        .add(ROUTE, "backend", "all", ALL_ROUTE)
        .add(VIRTUAL_SERVICE, null, "backend.demo.local", """
            {"provider": {"virtualRouter": {"virtualRouterName": "backend"}}}""");
    mesh.store(store, 1);
    management = ManagementFixture.start(store);
  }

  @AfterEach
  void stop() {
    management.close();
    store.close();
  }

  @Test
  void sidecarReceivesAClosedConfigAcksItAndANackKeepsTheLastGoodVersion() throws Exception {
    try (AdsTestClient envoy = new AdsTestClient(management.xdsPort(), AdsTestClient.node(CLIENT, "envoy"))) {
      envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
      DiscoveryResponse cds = envoy.next(CLUSTER_TYPE_URL);
      List<Cluster> clusters = StoredProxyConfigCodec.unpack(cds.getResourcesList(), Cluster.class);
      envoy.ack(cds, List.of());

      Set<String> edsNames = XdsReferences.edsNames(clusters);
      assertThat(edsNames).isNotEmpty();
      envoy.request(ENDPOINT_TYPE_URL, List.copyOf(edsNames), "", "");
      DiscoveryResponse eds = envoy.next(ENDPOINT_TYPE_URL);
      List<ClusterLoadAssignment> assignments =
          StoredProxyConfigCodec.unpack(eds.getResourcesList(), ClusterLoadAssignment.class);
      assertThat(assignments).extracting(ClusterLoadAssignment::getClusterName)
          .containsExactlyInAnyOrderElementsOf(edsNames);
      // The backend's DNS name was resolved here, into a weighted locality on the listener port.
      ClusterLoadAssignment backend = assignments.get(0);
      assertThat(backend.getEndpoints(0).getLoadBalancingWeight().getValue()).isEqualTo(1);
      assertThat(backend.getEndpoints(0).getLbEndpointsList())
          .allSatisfy(e -> assertThat(e.getEndpoint().getAddress().getSocketAddress().getPortValue()).isEqualTo(8080));
      envoy.ack(eds, List.copyOf(edsNames));

      envoy.request(LISTENER_TYPE_URL, List.of(), "", "");
      DiscoveryResponse lds = envoy.next(LISTENER_TYPE_URL);
      List<Listener> listeners = StoredProxyConfigCodec.unpack(lds.getResourcesList(), Listener.class);
      assertThat(listeners).extracting(Listener::getName).contains("lds_egress_0.0.0.0_15001");
      envoy.ack(lds, List.of());

      Set<String> rdsNames = XdsReferences.routeConfigNames(listeners);
      envoy.request(ROUTE_TYPE_URL, List.copyOf(rdsNames), "", "");
      DiscoveryResponse rds = envoy.next(ROUTE_TYPE_URL);
      List<RouteConfiguration> routes = StoredProxyConfigCodec.unpack(rds.getResourcesList(), RouteConfiguration.class);
      assertThat(routes).extracting(RouteConfiguration::getName).containsExactlyInAnyOrderElementsOf(rdsNames);
      envoy.ack(rds, List.copyOf(rdsNames));

      // What was sent is the bytes the transformer stored, not a re-encoding of them.
      ProxyConfig sidecar = StoredProxyConfigCodec.decode(store.get(
          ManagementFixture.NODE_IDENTITY.identify(AdsTestClient.node(CLIENT, "envoy")).key()).orElseThrow().payload()).getSidecar();
      assertThat(rds.getResourcesList()).containsExactlyInAnyOrderElementsOf(sidecar.getRouteConfigurationsList());
      assertThat(lds.getResourcesList()).containsExactlyInAnyOrderElementsOf(sidecar.getListenersList());
      assertThat(cds.getResourcesList()).containsExactlyInAnyOrderElementsOf(sidecar.getClustersList());

      // Closed: every cluster a listener or route names exists.
      assertThat(clusters).extracting(Cluster::getName)
          .containsAll(XdsReferences.clusterNames(listeners, routes));

      ProxyTarget target = ManagementFixture.NODE_IDENTITY.identify(AdsTestClient.node(CLIENT, "envoy"));
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        ManifestManager.Status status = status(target);
        assertThat(status.generation()).isEqualTo(1);
        assertThat(status.streams().values()).singleElement().satisfies(types -> {
          assertThat(types.get(LISTENER_TYPE_URL).ackedVersion()).isEqualTo(lds.getVersionInfo());
          assertThat(types.get(ROUTE_TYPE_URL).ackedVersion()).isEqualTo(rds.getVersionInfo());
        });
        assertThat(status.convergence()).isPresent();
      });

      // A new generation that changes only the route: RDS is pushed, unchanged types are not.
      mesh.update(ROUTE, "backend", "all", API_ROUTE).store(store, 2);
      DiscoveryResponse rds2 = envoy.next(ROUTE_TYPE_URL);
      assertThat(rds2.getVersionInfo()).isNotEqualTo(rds.getVersionInfo());
      assertThat(envoy.nextWithin(Duration.ofMillis(500))).isEmpty();

      // The client rejects it: recorded with its detail, and the rejected version is not resent.
      envoy.nack(rds2, List.copyOf(rdsNames), rds.getVersionInfo(), "route rejected by test");
      assertThat(envoy.nextWithin(Duration.ofMillis(500))).isEmpty();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        var types = status(target).streams().values().iterator().next();
        assertThat(types.get(ROUTE_TYPE_URL).nackError()).contains("route rejected by test");
        assertThat(types.get(ROUTE_TYPE_URL).ackedVersion()).isEqualTo(rds.getVersionInfo());
        assertThat(types.get(LISTENER_TYPE_URL).nackError()).isEmpty();
      });
    }
  }

  @Test
  void aGrpcClientAskingForAnUnknownServiceStillGetsTheServicesThatExist() throws Exception {
    try (AdsTestClient grpc = new AdsTestClient(management.xdsPort(),
        AdsTestClient.node("mesh/demo/virtualNode/client", "gRPC Java"))) {
      grpc.request(LISTENER_TYPE_URL, List.of("backend.demo.local", "missing.demo.local"), "", "");

      DiscoveryResponse lds = grpc.next(LISTENER_TYPE_URL);

      // The proxyless variant: API listeners named after the virtual service.
      assertThat(StoredProxyConfigCodec.unpack(lds.getResourcesList(), Listener.class))
          .extracting(Listener::getName).containsExactly("backend.demo.local");
      grpc.ack(lds, List.of("backend.demo.local", "missing.demo.local"));
      assertThat(grpc.nextWithin(Duration.ofMillis(300))).isEmpty();
    }
  }

  @Test
  void theServerAnswersGrpcHealthChecks() throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", management.xdsPort()).usePlaintext().build();
    try {
      HealthCheckResponse response =
          HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance());
      assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void unknownAndMalformedNodeIdsAreRefused() throws Exception {
    try (AdsTestClient unknown = new AdsTestClient(management.xdsPort(),
        AdsTestClient.node("mesh/demo/virtualNode/nobody", "envoy"))) {
      unknown.request(LISTENER_TYPE_URL, List.of(), "", "");
      Status status = Status.fromThrowable(unknown.closedWith());
      assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(status.getDescription()).contains("mesh/demo/virtualNode/nobody");
    }
    try (AdsTestClient malformed = new AdsTestClient(management.xdsPort(), AdsTestClient.node("demo-client", "envoy"))) {
      malformed.request(LISTENER_TYPE_URL, List.of(), "", "");
      assertThat(Status.fromThrowable(malformed.closedWith()).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
  }

  @Test
  void aProxyOverItsStreamQuotaIsRefused() throws Exception {
    try (AdsTestClient first = new AdsTestClient(management.xdsPort(), AdsTestClient.node(CLIENT, "envoy"));
        AdsTestClient second = new AdsTestClient(management.xdsPort(), AdsTestClient.node(CLIENT, "envoy"));
        AdsTestClient third = new AdsTestClient(management.xdsPort(), AdsTestClient.node(CLIENT, "envoy"))) {
      first.request(LISTENER_TYPE_URL, List.of(), "", "");
      first.next(LISTENER_TYPE_URL);
      second.request(LISTENER_TYPE_URL, List.of(), "", "");
      second.next(LISTENER_TYPE_URL);

      third.request(LISTENER_TYPE_URL, List.of(), "", "");

      assertThat(Status.fromThrowable(third.closedWith()).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }
  }

  @Test
  void deltaDeliversWhatExistsAndThenOnlyWhatChanged() throws Exception {
    try (AdsTestClient envoy = new AdsTestClient(management.xdsPort(),
        AdsTestClient.node("mesh/demo/virtualNode/client", "envoy"))) {
      envoy.deltaRequest(DeltaDiscoveryRequest.newBuilder().setTypeUrl(ROUTE_TYPE_URL)
          .addResourceNamesSubscribe("rds_egress_http_15001").addResourceNamesSubscribe("no_such_route"));
      DeltaDiscoveryResponse first = envoy.nextDelta();
      assertThat(first.getResourcesList()).extracting(r -> r.getName()).containsExactly("rds_egress_http_15001");
      envoy.deltaRequest(DeltaDiscoveryRequest.newBuilder().setTypeUrl(ROUTE_TYPE_URL)
          .setResponseNonce(first.getNonce()));

      mesh.update(ROUTE, "backend", "all", API_ROUTE).store(store, 2);
      DeltaDiscoveryResponse changed = envoy.nextDelta();
      assertThat(changed.getResourcesList()).extracting(r -> r.getName()).containsExactly("rds_egress_http_15001");
      assertThat(changed.getResources(0).getVersion()).isNotEqualTo(first.getResources(0).getVersion());
    }
  }

  private ManifestManager.Status status(ProxyTarget target) throws Exception {
    CompletionStage<ManifestManager.Status> reply = AskPattern.ask(management.connections(),
        replyTo -> new ConnectionManager.GetProxyStatus(target, replyTo), Duration.ofSeconds(1),
        management.actorSystem().scheduler());
    return reply.toCompletableFuture().get();
  }
}
