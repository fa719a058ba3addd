package dev.meshplane.it;

import static dev.meshplane.it.TrafficSupport.createMesh;
import static dev.meshplane.it.TrafficSupport.routeAllTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import dev.meshplane.it.TrafficSupport.Backend;
import dev.meshplane.it.TrafficSupport.XdsClient;
import dev.meshplane.store.PostgresFixture;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.appmesh.AppMeshClient;

/**
 * {@code GET /ready} on the API port, unauthenticated: 200 only when every part of the process
 * is ready (API, store, config store, the transformer's first pass, the xDS port), else 503 naming
 * the parts that are not.
 */
class ReadinessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * The real server process, probed from its start: once /ready says 200, a proxyless client
   * connecting at that moment gets its config and its first call answered. The configs are removed
   * before the restart (they are derived from the journal), so the client's config exists only once
   * the restarted server's transformer has made its first pass: a 200 before that would fail the call.
   */
  @Test
  void onceReadyAnswers200AnXdsClientIsServedAtOnce(@TempDir Path dataDir, @TempDir Path logs) throws Exception {
    try (Backend backend = Backend.answering("backend")) {
      try (DurabilityServerProcess first = DurabilityServerProcess.start(dataDir, logs.resolve("first.log"));
          AppMeshClient appMesh = first.client()) {
        createMesh(appMesh, "ready", "echo-router", "echo.ready.local", "client", List.of(backend),
            () -> appMesh.createRoute(r -> r.meshName("ready").virtualRouterName("echo-router").routeName("all")
                .spec(routeAllTo("backend"))));
        TrafficSupport.awaitProxyConfig(first.endpoint(), "ready", "client");
        // Also loads grpc-java's xDS classes, so the timed call below measures the server, not class loading.
        try (XdsClient client = new XdsClient(first.xdsPort(), "ready", "client", "echo.ready.local")) {
          assertThat(client.call()).isEqualTo("backend");
        }
        first.stop();
      }
      for (String file : List.of(SqliteConfigStore.FILE_NAME, SqliteConfigStore.FILE_NAME + "-wal",
          SqliteConfigStore.FILE_NAME + "-shm")) {
        Files.deleteIfExists(dataDir.resolve(file));
      }

      long start = System.nanoTime();
      try (DurabilityServerProcess second = DurabilityServerProcess.launch(dataDir, logs.resolve("second.log"))) {
        URI ready = second.endpoint().resolve("/ready");
        List<String> seen = new ArrayList<>();
        await("GET /ready answers 200").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
            .until(() -> {
              String answer = probe(ready);
              if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(answer)) {
                seen.add(answer);
              }
              return answer.startsWith("200");
            });
        long readyMillis = (System.nanoTime() - start) / 1_000_000;
        long callStart = System.nanoTime();
        try (XdsClient client = new XdsClient(second.xdsPort(), "ready", "client", "echo.ready.local")) {
          assertThat(client.call(Map.of(), "hi", 3_000)).isEqualTo("backend");
        }
        System.out.printf("/ready from process start: %s; 200 after %d ms; first xDS call then answered in %d ms%n",
            seen, readyMillis, (System.nanoTime() - callStart) / 1_000_000);
        JsonNode body = JSON.readTree(seen.get(seen.size() - 1).substring(4));
        assertThat(body.path("ready").asBoolean()).isTrue();
        assertThat(body.path("parts").fieldNames()).toIterable()
            .containsExactlyInAnyOrder("api", "store", "transformer", "config-store", "xds");
      }
    }
  }

  /** A journal database that stops taking connections makes the server unready, naming the store. */
  @Test
  void anUnreachableStoreMakesReady503NamingIt(@TempDir Path dataDir) throws Exception {
    String database = PostgresFixture.database();
    try (RunningServer server = RunningServer.onPostgres(database, PostgresFixture.USER, PostgresFixture.PASSWORD, dataDir)) {
      URI ready = server.endpoint().resolve("/ready");
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> probe(ready).startsWith("200"));

      PostgresFixture.cutOff(database);
      long start = System.nanoTime();
      HttpResponse<String> unready = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
          .until(() -> get(ready), response -> response.statusCode() == 503);
      System.out.printf("/ready after the journal database was cut off (%d ms): %s%n",
          (System.nanoTime() - start) / 1_000_000, unready.body());
      assertThat(unready.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      JsonNode body = JSON.readTree(unready.body());
      assertThat(body.path("ready").asBoolean()).isFalse();
      assertThat(body.path("notReady").toString()).isEqualTo("[\"store\"]");
      assertThat(body.path("parts").path("store").asText()).startsWith("unreachable: ");
      assertThat(body.path("parts").path("xds").asText()).isEqualTo("ready");
    }
  }

  /** The status and body of one GET, or "refused" while nothing listens. */
  private static String probe(URI uri) throws IOException, InterruptedException {
    try {
      HttpResponse<String> response = get(uri);
      return response.statusCode() + " " + response.body();
    } catch (ConnectException e) {
      return "refused";
    }
  }

  private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
