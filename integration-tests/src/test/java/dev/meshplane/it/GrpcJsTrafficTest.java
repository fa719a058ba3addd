package dev.meshplane.it;

import static dev.meshplane.it.TrafficSupport.createMesh;
import static dev.meshplane.it.TrafficSupport.routeAllTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import dev.meshplane.it.TrafficSupport.Backend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Real traffic through a second, independent xDS client: Node's {@code @grpc/grpc-js-xds}
 * ({@link GrpcJsClient}) instead of grpc-java, in the scenarios {@link TrafficTest} runs with
 * grpc-java, against the same kind of server and echo backends. grpc-js sends its xDS node only on
 * the first request of an ADS stream (later requests, ACKs and new subscriptions alike, carry
 * none), which the xDS protocol allows and grpc-java does not do.
 */
class GrpcJsTrafficTest extends OneServerPerClass {
  private static final EchoCalls.Launcher GRPC_JS = (mesh, virtualNode, virtualService) ->
      new GrpcJsClient(server, mesh, virtualNode, virtualService);

  @Test
  void weightedRoutesSplitTrafficAndAnUpdateRouteMovesIt() throws Exception {
    TrafficScenarios.weightedSplitThenUpdateRoute(appMesh, "js-split", "grpc-js", GRPC_JS);
  }

  @Test
  void aClientOfASecondMeshWithTheSameNamesNeverReachesTheFirstMeshsBackends() throws Exception {
    TrafficScenarios.sameNamesInTwoMeshesStayIsolated(appMesh, "js-iso", GRPC_JS);
  }

  /**
   * The node is on the stream's first request only. Once the listener arrives, grpc-js asks for the
   * route configuration, clusters and endpoints in requests without a node; here a later route to a
   * new virtual node makes it subscribe to a cluster and endpoints never asked for before, on the
   * same stream, again without a node. Calls reaching the new backend show the server answered them.
   */
  @Test
  void aClientSendingItsNodeOnlyOnTheFirstRequestGetsLaterSubscriptionsAnswered() throws Exception {
    try (Backend a = Backend.answering("backend-a"); Backend c = Backend.answering("backend-c")) {
      createMesh(appMesh, "js-grow", "echo-router", "echo.js-grow.local", "client", List.of(a),
          () -> appMesh.createRoute(r -> r.meshName("js-grow").virtualRouterName("echo-router").routeName("all")
              .spec(routeAllTo("backend-a"))));
      try (EchoCalls client = GRPC_JS.start("js-grow", "client", "echo.js-grow.local")) {
        assertThat(client.calls(20)).containsExactly(entry("backend-a", 20));

        appMesh.createVirtualNode(r -> r.meshName("js-grow").virtualNodeName("backend-c").spec(s -> s
            .listeners(l -> l.portMapping(p -> p.port(c.port()).protocol("grpc")))
            .serviceDiscovery(d -> d.dns(dns -> dns.hostname("127.0.0.1")))));
        long start = System.nanoTime();
        appMesh.updateRoute(r -> r.meshName("js-grow").virtualRouterName("echo-router").routeName("all")
            .spec(routeAllTo("backend-c")));
        Map<String, Integer> duringMove = new TreeMap<>();
        await("calls reach backend-c, a cluster first asked for after the stream began")
            .atMost(TrafficScenarios.MOVE_WITHIN).pollInterval(Duration.ofMillis(20))
            .until(() -> {
              Map<String, Integer> served = client.calls(10);
              served.forEach((who, count) -> duringMove.merge(who, count, Integer::sum));
              return served.equals(Map.of("backend-c", 10));
            });
        System.out.printf("grpc-js: route moved to a new virtual node: every call on backend-c %d ms after "
            + "UpdateRoute; calls meanwhile: %s%n", (System.nanoTime() - start) / 1_000_000, duringMove);
        assertThat(client.calls(20)).containsExactly(entry("backend-c", 20));
      }
    }
  }
}
