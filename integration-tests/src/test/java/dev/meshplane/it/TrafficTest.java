package dev.meshplane.it;

import static dev.meshplane.it.TrafficSupport.SERVICE;
import static dev.meshplane.it.TrafficSupport.createMesh;
import static dev.meshplane.it.TrafficSupport.routeAllTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import dev.meshplane.it.TrafficSupport.Backend;
import dev.meshplane.it.TrafficSupport.XdsClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.appmesh.model.DurationUnit;
import software.amazon.awssdk.services.appmesh.model.GrpcRetryPolicyEvent;
import software.amazon.awssdk.services.appmesh.model.RouteSpec;

/**
 * End to end through real traffic: the all-in-one server, meshes created with the App Mesh SDK,
 * local gRPC backends, and grpc-java's own xDS client calling {@code xds:///<virtual service>} as
 * the client virtual node. Each test builds its own mesh on one shared server.
 */
class TrafficTest extends OneServerPerClass {
  /** grpc-java's xDS client as the mesh's client virtual node. */
  private static final EchoCalls.Launcher GRPC_JAVA = (mesh, virtualNode, virtualService) ->
      new XdsClient(server, mesh, virtualNode, virtualService);

  @Test
  void weightedRoutesSplitTrafficAndAnUpdateRouteMovesIt() throws Exception {
    TrafficScenarios.weightedSplitThenUpdateRoute(appMesh, "split", "grpc-java", GRPC_JAVA);
  }

  @Test
  void aMetadataMatchRouteWinsByPriorityOverTheDefault() throws Exception {
    try (Backend a = Backend.answering("backend-a"); Backend b = Backend.answering("backend-b")) {
      createMesh(appMesh, "colors", "echo-router", "echo.colors.local", "client", List.of(a, b), () -> {
        appMesh.createRoute(r -> r.meshName("colors").virtualRouterName("echo-router").routeName("blue")
            .spec(s -> s.priority(1).grpcRoute(g -> g
                .match(m -> m.serviceName(SERVICE).metadata(md -> md.name("x-color").match(x -> x.exact("blue"))))
                .action(act -> act.weightedTargets(t -> t.virtualNode("backend-b").weight(1))))));
        appMesh.createRoute(r -> r.meshName("colors").virtualRouterName("echo-router").routeName("default")
            .spec(s -> s.priority(10).grpcRoute(g -> g
                .match(m -> m.serviceName(SERVICE))
                .action(act -> act.weightedTargets(t -> t.virtualNode("backend-a").weight(1))))));
      });
      try (XdsClient client = new XdsClient(server, "colors", "client", "echo.colors.local")) {
        client.call();
        assertThat(client.calls(20)).containsExactly(entry("backend-a", 20));
        assertThat(client.calls(20, Map.of("x-color", "blue"))).containsExactly(entry("backend-b", 20));
        assertThat(client.calls(20, Map.of("x-color", "red"))).containsExactly(entry("backend-a", 20));
      }
    }
  }

  @Test
  void aRetryPolicyOnUnavailableRetriesAsManyTimesAsDeclared() throws Exception {
    // Fails 3 of every 4 attempts: a call succeeds only when it may make 4 attempts.
    try (Backend flaky = new Backend("flaky", (n, request) -> n % 4 == 0 ? null : Status.UNAVAILABLE)) {
      createMesh(appMesh, "retries", "echo-router", "echo.retries.local", "client", List.of(flaky),
          () -> appMesh.createRoute(r -> r.meshName("retries").virtualRouterName("echo-router").routeName("retry")
              .spec(retrying(3))));
      try (XdsClient client = new XdsClient(server, "retries", "client", "echo.retries.local")) {
        client.call();
        flaky.calls.set(0);
        // maxRetries 3: four attempts per call, so every call succeeds.
        assertThat(callsAndAttempts(client, flaky, 20)).isEqualTo("{flaky=20} in 80 attempts");

        // maxRetries 1: two attempts per call; counting from 0, one call fails, the next succeeds, and so on.
        moveRetriesTo("retries", retrying(1), client, flaky, 2);
        assertThat(callsAndAttempts(client, flaky, 20)).isEqualTo("{UNAVAILABLE=10, flaky=10} in 40 attempts");

        // No retry policy: App Mesh's default of 2 retries (3 attempts) on UNAVAILABLE; counting from 0,
        // a call fails after 3 attempts, the next succeeds at its first.
        moveRetriesTo("retries", routeAllTo("flaky"), client, flaky, 3);
        assertThat(callsAndAttempts(client, flaky, 20)).isEqualTo("{UNAVAILABLE=10, flaky=10} in 40 attempts");
      }
    }
  }

  /**
   * An explicit {@code maxRetries: 0} makes exactly one attempt per call. (grpc-java rejects a retry
   * policy with {@code num_retries: 0} as an invalid service config and fails every RPC, so the
   * synthesizer leaves such a policy out for proxyless clients.)
   */
  @Test
  void maxRetriesZeroMakesOneAttemptPerCall() throws Exception {
    try (Backend flaky = new Backend("flaky", (n, request) -> n % 4 == 0 ? null : Status.UNAVAILABLE)) {
      createMesh(appMesh, "no-retries", "echo-router", "echo.no-retries.local", "client", List.of(flaky),
          () -> appMesh.createRoute(r -> r.meshName("no-retries").virtualRouterName("echo-router").routeName("retry")
              .spec(retrying(0))));
      try (XdsClient client = new XdsClient(server, "no-retries", "client", "echo.no-retries.local")) {
        awaitAttemptsPerCall(client, flaky, 1);
        assertThat(callsAndAttempts(client, flaky, 20)).isEqualTo("{UNAVAILABLE=15, flaky=5} in 20 attempts");
      }
    }
  }

  /** Updates the route and waits until a call makes {@code attempts} attempts; then counts attempts from 0 again. */
  private static void moveRetriesTo(
      String mesh, Consumer<RouteSpec.Builder> spec, XdsClient client, Backend flaky, int attempts) {
    appMesh.updateRoute(r -> r.meshName(mesh).virtualRouterName("echo-router").routeName("retry").spec(spec));
    awaitAttemptsPerCall(client, flaky, attempts);
  }

  private static void awaitAttemptsPerCall(XdsClient client, Backend flaky, int attempts) {
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> {
      flaky.calls.set(0);
      client.calls(1);
      return flaky.calls.get() == attempts;
    });
    flaky.calls.set(0);
  }

  private static String callsAndAttempts(XdsClient client, Backend flaky, int calls) {
    Map<String, Integer> served = client.calls(calls);
    String result = served + " in " + flaky.calls.get() + " attempts";
    System.out.printf("%d calls to a backend failing 3 of every 4 attempts: %s%n", calls, result);
    return result;
  }

  @Test
  void aPerRequestTimeoutEndsSlowCallsWithDeadlineExceeded() throws Exception {
    try (Backend slow = new Backend("slow", (n, request) -> {
      if (request.equals("slow")) {
        Thread.sleep(2_000);
      }
      return null;
    })) {
      createMesh(appMesh, "timeouts", "echo-router", "echo.timeouts.local", "client", List.of(slow),
          () -> appMesh.createRoute(r -> r.meshName("timeouts").virtualRouterName("echo-router").routeName("short")
              .spec(s -> s.grpcRoute(g -> g
                  .match(m -> m.serviceName(SERVICE))
                  .action(act -> act.weightedTargets(t -> t.virtualNode("slow").weight(1)))
                  .timeout(t -> t.perRequest(d -> d.unit(DurationUnit.MS).value(300L)))))));
      try (XdsClient client = new XdsClient(server, "timeouts", "client", "echo.timeouts.local")) {
        assertThat(client.call(Map.of(), "fast", 10_000)).isEqualTo("slow");
        for (int i = 0; i < 3; i++) {
          long start = System.nanoTime();
          StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
              () -> client.call(Map.of(), "slow", 10_000));
          long millis = (System.nanoTime() - start) / 1_000_000;
          System.out.printf("slow call under a 300 ms per-request route timeout ended after %d ms: %s%n",
              millis, failure == null ? "answered" : failure.getStatus());
          assertThat(failure).as("a 2 s call under a 300 ms route timeout").isNotNull();
          assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
          assertThat(millis).isBetween(250L, 1_000L);
        }
      }
    }
  }

  @Test
  void aSecondMeshWithTheSameNamesIsIsolatedFromTheFirst() throws Exception {
    TrafficScenarios.sameNamesInTwoMeshesStayIsolated(appMesh, "iso", GRPC_JAVA);
  }

  private static Consumer<RouteSpec.Builder> retrying(long maxRetries) {
    return s -> s.grpcRoute(g -> g
        .match(m -> m.serviceName(SERVICE))
        .action(a -> a.weightedTargets(t -> t.virtualNode("flaky").weight(1)))
        .retryPolicy(p -> p.grpcRetryEvents(GrpcRetryPolicyEvent.UNAVAILABLE).maxRetries(maxRetries)
            .perRetryTimeout(d -> d.unit(DurationUnit.MS).value(2_000L))));
  }
}
