package dev.meshplane.it;

import static dev.meshplane.it.TrafficSupport.createMesh;
import static dev.meshplane.it.TrafficSupport.routeAllTo;
import static dev.meshplane.it.TrafficSupport.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import dev.meshplane.it.TrafficSupport.Backend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.appmesh.AppMeshClient;

/** Traffic scenarios every proxyless client must pass, run by each client's test with its own {@link EchoCalls}. */
final class TrafficScenarios {
  /** How long after an UpdateRoute every call may take to follow it. */
  static final Duration MOVE_WITHIN = Duration.ofSeconds(15);

  private TrafficScenarios() {}

  /**
   * A route splitting 80/20 between two backends spreads 1000 calls within ±50 of that; an
   * UpdateRoute to 0/100 moves every call within {@link #MOVE_WITHIN} (the time is printed).
   */
  static void weightedSplitThenUpdateRoute(AppMeshClient appMesh, String mesh, String label, EchoCalls.Launcher clients)
      throws Exception {
    String service = "echo." + mesh + ".local";
    try (Backend a = Backend.answering("backend-a"); Backend b = Backend.answering("backend-b")) {
      createMesh(appMesh, mesh, "echo-router", service, "client", List.of(a, b),
          () -> appMesh.createRoute(r -> r.meshName(mesh).virtualRouterName("echo-router").routeName("weighted")
              .spec(weighted(80, 20))));
      try (EchoCalls client = clients.start(mesh, "client", service)) {
        client.calls(1);
        Map<String, Integer> served = client.calls(1000);
        System.out.printf("%s: weighted split 80/20 over 1000 calls: %s%n", label, served);
        assertThat(served).containsOnlyKeys("backend-a", "backend-b");
        assertThat(served.get("backend-a")).isBetween(750, 850);
        assertThat(served.get("backend-b")).isBetween(150, 250);

        long start = System.nanoTime();
        appMesh.updateRoute(r -> r.meshName(mesh).virtualRouterName("echo-router").routeName("weighted")
            .spec(weighted(0, 100)));
        await("every call on backend-b after UpdateRoute 80/20 -> 0/100").atMost(MOVE_WITHIN)
            .pollInterval(Duration.ofMillis(20))
            .until(() -> client.calls(10).equals(Map.of("backend-b", 10)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("%s: UpdateRoute 80/20 -> 0/100: every call on backend-b %d ms after the request was sent%n",
            label, millis);
        assertThat(client.calls(200)).containsExactly(entry("backend-b", 200));
      }
    }
  }

  /**
   * Two meshes with the same names throughout (router, service, virtual nodes): each mesh's client
   * reaches only its own mesh's backend, never the other's.
   */
  static void sameNamesInTwoMeshesStayIsolated(AppMeshClient appMesh, String meshPrefix, EchoCalls.Launcher clients)
      throws Exception {
    String meshOne = meshPrefix + "-one";
    String meshTwo = meshPrefix + "-two";
    try (Backend one = new Backend("backend", "mesh-one", (n, request) -> null);
        Backend two = new Backend("backend", "mesh-two", (n, request) -> null)) {
      for (var entry : Map.of(meshOne, one, meshTwo, two).entrySet()) {
        String mesh = entry.getKey();
        createMesh(appMesh, mesh, "echo-router", "echo.local", "client", List.of(entry.getValue()),
            () -> appMesh.createRoute(r -> r.meshName(mesh).virtualRouterName("echo-router").routeName("all")
                .spec(routeAllTo("backend"))));
      }
      try (EchoCalls clientOne = clients.start(meshOne, "client", "echo.local");
          EchoCalls clientTwo = clients.start(meshTwo, "client", "echo.local")) {
        assertThat(clientTwo.calls(100)).containsExactly(entry("mesh-two", 100));
        assertThat(clientOne.calls(100)).containsExactly(entry("mesh-one", 100));
        assertThat(one.calls.get()).as("calls mesh one's backend received").isEqualTo(100);
        assertThat(two.calls.get()).as("calls mesh two's backend received").isEqualTo(100);
      }
    }
  }
}
