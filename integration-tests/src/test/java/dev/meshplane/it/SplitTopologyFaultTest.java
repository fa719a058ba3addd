package dev.meshplane.it;

import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.envoy.AdsTestClient;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.appmesh.AppMeshClient;
import software.amazon.awssdk.services.appmesh.model.VirtualNodeSpec;

/**
 * The split topology under the faults an operator meets, on the local cluster of
 * {@code deploy/local/cluster.sh} (real PostgreSQL, moto_server as DynamoDB, two frontends, two
 * transformers, two envoy-management servers, each its own process): kill -9 of the transformer
 * holding a mesh, PostgreSQL restarted during writes, DynamoDB frozen, and a transformer frozen past
 * its lease (split brain). Each prints its figure; the README states them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SplitTopologyFaultTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AwsBasicCredentials ADMIN = RunningServer.ADMIN;
  private static final String MESH = "faults";
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Path state;
  private static AppMeshClient appMesh;
  /** Every generation the config endpoint showed for the node, in order: it must never go back. */
  private static final List<Long> generationsSeen = new CopyOnWriteArrayList<>();
  private static final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "generation-watcher");
    thread.setDaemon(true);
    return thread;
  });

  @BeforeAll
  static void startCluster() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    assertThat(root.resolve("launcher/target/meshplane.jar"))
        .as("the runnable jar (the launcher module's package phase builds it)").exists();
    state = Files.createTempDirectory("meshplane-fault-cluster");
    cluster("start");
    appMesh = AppMeshClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:7180"))
        .region(Region.US_WEST_2)
        .credentialsProvider(StaticCredentialsProvider.create(ADMIN))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()))
        .build();
    appMesh.createMesh(r -> r.meshName(MESH));
    appMesh.createVirtualNode(r -> r.meshName(MESH).virtualNodeName("web").spec(spec(8080)));
    awaitConfigOf(2, Duration.ofSeconds(60));
    watcher.scheduleWithFixedDelay(SplitTopologyFaultTest::recordGeneration, 0, 100, TimeUnit.MILLISECONDS);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    watcher.shutdownNow();
    if (appMesh != null) {
      appMesh.close();
    }
    cluster("stop");
    assertThat(generationsSeen).as("the node's config generation never went back").isSorted();
  }

  @Test
  @Order(1)
  void aKilledTransformersMeshesAreTakenOverWithinItsLease() throws Exception {
    String holder = transformerWriting();
    cluster("kill", holder);
    long started = System.nanoTime();
    long version = updateNode(8081);
    awaitConfigOf(version + 1, LEASE.plus(Duration.ofSeconds(60)));
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("FIGURE kill -9 %s: the change was synthesized by the other transformer %d ms after it was acknowledged (lease %d s)%n",
        holder, tookMillis, LEASE.toSeconds());
    assertThat(tookMillis).isLessThan(LEASE.plusSeconds(45).toMillis());
    cluster("restart", holder);
  }

  @Test
  @Order(2)
  void aPostgresRestartDuringWritesIsServiceUnavailableAndLosesNoAcknowledgedWrite() throws Exception {
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong lastAcknowledged = new AtomicLong();
    Map<String, Integer> refusals = new ConcurrentHashMap<>();
    Thread writer = new Thread(() -> {
      for (int port = 9000; writing.get(); port++) {
        try {
          lastAcknowledged.set(updateNode(port));
        } catch (AwsServiceException refused) {
          refusals.merge(refused.statusCode() + " " + refused.awsErrorDetails().errorCode(), 1, Integer::sum);
        } catch (RuntimeException other) {
          refusals.merge("no answer", 1, Integer::sum); // the connection itself failed
        }
      }
    });
    long start = currentVersion();
    writer.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> lastAcknowledged.get() >= start + 3); // writes are flowing
    long restarted = System.nanoTime();
    cluster("restart", "postgres");
    // the API recovers by itself: a write succeeds again
    long before = lastAcknowledged.get();
    await().atMost(Duration.ofSeconds(60)).until(() -> lastAcknowledged.get() > before);
    long recoveredMillis = (System.nanoTime() - restarted) / 1_000_000;
    long recovered = lastAcknowledged.get();
    await().atMost(Duration.ofSeconds(30)).until(() -> lastAcknowledged.get() >= recovered + 3); // and keep flowing
    writing.set(false);
    writer.join();
    long acknowledged = lastAcknowledged.get();
    long stored = appMesh.describeVirtualNode(r -> r.meshName(MESH).virtualNodeName("web")).virtualNode()
        .metadata().version();
    System.out.printf("FIGURE PostgreSQL restart during writes: refusals by status %s, writes again %d ms after the restart began, last acknowledged version %d, stored %d%n",
        refusals, recoveredMillis, acknowledged, stored);
    // App Mesh-shaped refusals only (the throttle may also answer 429 to this tight loop); never a 500
    assertThat(refusals.keySet()).allMatch(refusal -> refusal.equals("503 ServiceUnavailableException")
        || refusal.equals("429 TooManyRequestsException"));
    assertThat(stored).as("no acknowledged write lost").isEqualTo(acknowledged);
  }

  @Test
  @Order(3)
  void aDynamoDbFrozenForAMinuteLeavesProxiesTheirConfigsAndLosesNoChange() throws Exception {
    long version = currentVersion();
    awaitConfigOf(version + 1, Duration.ofSeconds(60));
    try (AdsTestClient proxy = new AdsTestClient(7181, AdsTestClient.node("mesh/" + MESH + "/virtualNode/web", "envoy"))) {
      proxy.request(LISTENER_TYPE_URL, List.of(), "", "");
      DiscoveryResponse before = proxy.next(LISTENER_TYPE_URL);
      proxy.ack(before, List.of());
      cluster("pause", "moto");
      long changed;
      try {
        changed = updateNode(7070); // the journal is in PostgreSQL: the API still takes writes
        Optional<DiscoveryResponse> during = proxy.nextWithin(Duration.ofSeconds(60));
        assertThat(during).as("nothing is pushed while the config store is frozen").isEmpty();
      } finally {
        cluster("resume", "moto");
      }
      long resumed = System.nanoTime();
      DiscoveryResponse after = proxy.next(LISTENER_TYPE_URL);
      System.out.printf("FIGURE DynamoDB frozen 60 s: the proxy kept its stream and version %s; the change made during the outage reached it %d ms after DynamoDB returned%n",
          before.getVersionInfo(), (System.nanoTime() - resumed) / 1_000_000);
      assertThat(after.getVersionInfo()).isNotEqualTo(before.getVersionInfo());
      assertThat(after.getResourcesList().toString()).contains("7070");
      awaitConfigOf(changed + 1, Duration.ofSeconds(60));
    }
  }

  @Test
  @Order(4)
  void aTransformerFrozenPastItsLeaseNeverWritesAnOlderGeneration() throws Exception {
    String holder = transformerWriting();
    long passesBefore = passes(holder);
    cluster("pause", holder);
    try {
      long version = updateNode(6060);
      long started = System.nanoTime();
      awaitConfigOf(version + 1, LEASE.plus(Duration.ofSeconds(60)));
      System.out.printf("FIGURE %s frozen: the other transformer wrote the change %d ms later%n",
          holder, (System.nanoTime() - started) / 1_000_000);
    } finally {
      cluster("resume", holder);
    }
    // the frozen one wakes with a stale pass in hand and its lease gone: watch it finish that pass and run another
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(() -> passes(holder) >= passesBefore + 2);
    long last = generationsSeen.get(generationsSeen.size() - 1);
    assertThat(last).isEqualTo(currentVersion() + 1);
    assertThat(generationsSeen).isSorted();
  }

  @Test
  @Order(5)
  void aKilledManagementServersProxiesKeepTheirTrafficAndTheOtherSendsNothingUnchanged() throws Exception {
    String mesh = "cells";
    try (TrafficSupport.Backend backend = TrafficSupport.Backend.answering("backend-a")) {
      TrafficSupport.createMesh(appMesh, mesh, "router", "echo.cells.local", "caller", List.of(backend),
          () -> appMesh.createRoute(r -> r.meshName(mesh).virtualRouterName("router").routeName("all")
              .spec(TrafficSupport.routeAllTo("backend-a"))));
      TrafficSupport.awaitProxyConfig(URI.create("http://127.0.0.1:7180"), mesh, "caller");
      TrafficSupport.XdsClient grpc = new TrafficSupport.XdsClient(7181, mesh, "caller", "echo.cells.local");
      assertThat(grpc.call()).isEqualTo("backend-a");
      String node = "mesh/" + mesh + "/virtualNode/caller";
      DiscoveryResponse served;
      try (AdsTestClient sidecar = new AdsTestClient(7181, AdsTestClient.node(node, "envoy"))) {
        sidecar.request(LISTENER_TYPE_URL, List.of(), "", "");
        served = sidecar.next(LISTENER_TYPE_URL);
        sidecar.ack(served, List.of());

        cluster("kill", "envoy-management-1");
        // the grpc-java client keeps calling on the config it holds while its xDS server is gone
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
            .until(() -> {
              calls.incrementAndGet();
              boolean fromBackend = "backend-a".equals(grpc.call());
              if (fromBackend) {
                answered.incrementAndGet();
              }
              return fromBackend;
            });
        System.out.printf("FIGURE envoy-management-1 killed: %d of %d grpc-java calls over the next 5 s answered%n",
            answered.get(), calls.get());
        assertThat(answered.get()).isEqualTo(calls.get());
      }
      // reconnecting to the other server with the version it holds, the proxy is sent nothing
      // unchanged (versions are content hashes, the same on every server), and changes still come
      try (AdsTestClient reconnected = new AdsTestClient(7281, AdsTestClient.node(node, "envoy"))) {
        reconnected.request(LISTENER_TYPE_URL, List.of(), served.getVersionInfo(), "");
        assertThat(reconnected.nextWithin(Duration.ofSeconds(5))).as("nothing unchanged is re-sent").isEmpty();
        appMesh.updateVirtualNode(r -> r.meshName(mesh).virtualNodeName("caller").spec(s -> s
            .listeners(l -> l.portMapping(p -> p.port(9000).protocol("http")))
            .backends(b -> b.virtualService(v -> v.virtualServiceName("echo.cells.local")))
            .serviceDiscovery(d -> d.dns(dns -> dns.hostname("client.cells.local")))));
        // a response that repeats the held version may come first (SotW allows it; counted)
        int repeats = 0;
        DiscoveryResponse changed = reconnected.next(LISTENER_TYPE_URL);
        while (changed.getVersionInfo().equals(served.getVersionInfo()) && repeats < 5) {
          repeats++;
          reconnected.ack(changed, List.of());
          changed = reconnected.next(LISTENER_TYPE_URL);
        }
        System.out.printf("FIGURE reconnected to envoy-management-2: nothing re-sent in 5 s; after a change, %d response(s)"
            + " repeating the held version before the new one%n", repeats);
        assertThat(changed.getVersionInfo()).isNotEqualTo(served.getVersionInfo());
        assertThat(changed.getResourcesList().toString()).contains("9000");
      }
      grpc.close();
    } finally {
      cluster("restart", "envoy-management-1");
    }
  }

  // --- helpers --------------------------------------------------------------------------------

  private static VirtualNodeSpec spec(int port) {
    return VirtualNodeSpec.builder()
        .listeners(l -> l.portMapping(p -> p.port(port).protocol("http")))
        .serviceDiscovery(d -> d.dns(dns -> dns.hostname("web.local")))
        .build();
  }

  /** Updates the node; the mesh's generation is then its version plus one (the mesh's own create). */
  private static long updateNode(int port) {
    return appMesh.updateVirtualNode(r -> r.meshName(MESH).virtualNodeName("web").spec(spec(port)))
        .virtualNode().metadata().version();
  }

  private static long currentVersion() {
    return appMesh.describeVirtualNode(r -> r.meshName(MESH).virtualNodeName("web")).virtualNode().metadata().version();
  }

  private static long configGeneration() throws Exception {
    URI uri = URI.create("http://127.0.0.1:7280/meshplane/v1/meshes/" + MESH + "/virtualNodes/web/config");
    HttpResponse<String> response = SignedHttp.sign("GET", uri, null, ADMIN, "us-west-2", Clock.systemUTC()).send();
    if (response.statusCode() != 200) {
      return -1;
    }
    JsonNode body = JSON.readTree(response.body());
    return body.path("generation").asLong();
  }

  private static void awaitConfigOf(long generation, Duration within) {
    await().atMost(within).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(() -> configGeneration() >= generation);
  }

  private static void recordGeneration() {
    try {
      long generation = configGeneration();
      if (generation > 0 && (generationsSeen.isEmpty() || generationsSeen.get(generationsSeen.size() - 1) != generation)) {
        generationsSeen.add(generation);
      }
    } catch (Exception unavailable) {
      // an outage under test: nothing to record
    }
  }

  /** The transformer that wrote configs (it holds the mesh's bucket). */
  private static String transformerWriting() throws Exception {
    for (String name : List.of("transformer-1", "transformer-2")) {
      try {
        if (metric(name, "meshplane_transformer_items_written_total") > 0) {
          return name;
        }
      } catch (IOException down) {
        // restarted or down: not the holder
      }
    }
    throw new IllegalStateException("no transformer has written a config");
  }

  /** How many reconcile passes the transformer has finished. */
  private static long passes(String transformer) throws Exception {
    return (long) metric(transformer, "meshplane_transformer_pass_duration_seconds_count");
  }

  /** The sum of a metric's series on the transformer's /metrics (Prometheus text). */
  private static double metric(String transformer, String name) throws Exception {
    int port = transformer.endsWith("1") ? 7182 : 7282;
    String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    double sum = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  private static void cluster(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", Path.of("..").toAbsolutePath().normalize()
        .resolve("deploy/local/cluster.sh").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().put("MESHPLANE_LOCAL_DIR", state.toString());
    builder.environment().put("MESHPLANE_ADMIN_ACCESS_KEY_ID", ADMIN.accessKeyId());
    builder.environment().put("MESHPLANE_ADMIN_SECRET_ACCESS_KEY", ADMIN.secretAccessKey());
    Process process = builder.start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("cluster.sh %s finished", List.of(args)).isTrue();
    assertThat(process.exitValue()).as("cluster.sh %s", List.of(args)).isZero();
  }
}
