package dev.meshplane.it;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.JournaledStore;
import dev.meshplane.store.Mutation;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.appmesh.AppMeshAsyncClient;
import software.amazon.awssdk.services.appmesh.AppMeshClient;

/**
 * Not a test: the App Mesh API under concurrent signed clients on the all-in-one server over SQLite
 * (the embedded transformer running, woken by every write), in the same JVM as the clients.
 *
 * <p>Closed loop, as before: {@code clients} AWS SDK clients, each on its own thread with its own
 * route, call UpdateRoute as fast as answers come for {@code seconds}, then DescribeRoute likewise;
 * then the same updates applied to the journaled store directly (no HTTP, no signature: the store's
 * own share); then {@code clients} closed-loop callers on the lightweight signed client
 * ({@link SignedRouteCalls}: the SDK's SigV4 signer, a pool of Netty HTTP/1.1 connections), which
 * shows what the server sustains when the client costs little. A closed loop's latency hides
 * queueing (a caller waits before it sends again) and is bound by Little's law: 32 callers at
 * 1,000/s wait 32 ms on average.
 *
 * <p>Open loop: UpdateRoute started on a fixed schedule at each of {@code rates} per second over
 * {@code seconds} ({@link OpenLoop}: latency from each call's due time, calls not throttled by
 * answers, late starts counted), spread over the {@code clients} routes, on the lightweight client;
 * and the same at each of {@code sdkRates} per second on the AWS SDK's own asynchronous client
 * ({@code AppMeshAsyncClient} on its Netty HTTP client, signing every call): the "signed
 * clients at 1,000 writes/s" with the real SDK, without a closed loop's Little's-law bound; and
 * the {@code clients} synchronous SDK clients paced to {@code paced} calls per second in all, each
 * on its own schedule with latency from each call's due time (a client still waiting for an answer
 * when its next call is due starts it late, and that lateness counts).
 *
 * <p>Each measure is repeated for {@code rounds}, interleaved; prints requests/s and p50/p99/max,
 * and the CPU time and bytes allocated per call by thread role (clients, HTTP event loop, handlers,
 * journal writer, transformer), which the load of other processes does not inflate, with the load average at the
 * start and the end; writes {@code integration-tests/target/benchmarks/api-writes.txt} and
 * {@code .json}. Arguments (optional): {@code clients=32 seconds=10 rounds=2 warmup=3
 * rates=500,750,1000 sdkRates=1000 paced=1000 connections=128 closed=1} ({@code warmup}: seconds of each kind of call
 * before the rounds, unrecorded; {@code rates=0} skips the open loop; {@code closed=0} the closed
 * loops; {@code connections}: the lightweight client's keep-alive connections, enough that at
 * these rates a call rarely waits for one).
 */
public final class ApiWriteBenchmark {
  private static final String MESH = "writes";

  private final int clients;
  private final int seconds;
  private final int rounds;
  private final int warmup;
  private final int connections;
  private final boolean closedLoop;
  private final int paced;
  private final List<Integer> rates;
  private final List<Integer> sdkRates;
  private final BenchReport report = new BenchReport("api-writes");

  /** One measure's calls, time, CPU by role and latencies, summed over rounds. */
  private static final class Measure {
    final BenchReport.Samples latencies = new BenchReport.Samples();
    final Map<String, Long> cpu = new LinkedHashMap<>();
    final Map<String, Long> allocated = new LinkedHashMap<>();
    long calls;
    long nanos;

    /** Runs {@code phase} (returning its calls) and adds its wall time and CPU. */
    void time(PhaseRun phase) throws Exception {
      long t = System.nanoTime();
      ThreadCpu before = ThreadCpu.now();
      calls += phase.run();
      nanos += System.nanoTime() - t;
      ThreadCpu after = ThreadCpu.now();
      after.since(before).forEach((role, used) -> cpu.merge(role, used, Long::sum));
      after.allocatedSince(before).forEach((role, bytes) -> allocated.merge(role, bytes, Long::sum));
    }

    double perSecond() {
      return calls / (nanos / 1e9);
    }
  }

  private interface PhaseRun {
    long run() throws Exception;
  }

  /** An open-loop rate's results over rounds. */
  private static final class OpenMeasure {
    final Measure measure = new Measure();
    long scheduled;
    long failed;
    long late;
    long maxLateNanos;
    int maxInFlight;
    double achieved;

    /** Times one run and adds its results (an average of {@code rounds} for the achieved rate). */
    void add(int rounds, OpenRun run) throws Exception {
      measure.time(() -> {
        OpenLoop.Result result = run.run();
        measure.latencies.addAll(result.samples());
        scheduled += result.scheduled();
        failed += result.failed();
        late += result.late();
        maxLateNanos = Math.max(maxLateNanos, result.maxLateNanos());
        maxInFlight = Math.max(maxInFlight, result.maxInFlight());
        achieved += result.achievedPerSecond() / rounds;
        return result.succeeded();
      });
    }
  }

  private interface OpenRun {
    OpenLoop.Result run() throws Exception;
  }

  private ApiWriteBenchmark(String[] args) {
    List<String> integers = new ArrayList<>();
    List<Integer> openRates = List.of(500, 750, 1000);
    List<Integer> openSdkRates = List.of(1000);
    for (String arg : args) {
      if (arg.startsWith("rates=")) {
        openRates = rateList(arg.substring("rates=".length()));
      } else if (arg.startsWith("sdkRates=")) {
        openSdkRates = rateList(arg.substring("sdkRates=".length()));
      } else {
        integers.add(arg);
      }
    }
    Map<String, Integer> parsed = BenchReport.arguments(integers.toArray(String[]::new));
    clients = parsed.getOrDefault("clients", 32);
    seconds = parsed.getOrDefault("seconds", 10);
    rounds = parsed.getOrDefault("rounds", 2);
    warmup = parsed.getOrDefault("warmup", 3);
    connections = parsed.getOrDefault("connections", 128);
    closedLoop = parsed.getOrDefault("closed", 1) != 0;
    paced = parsed.getOrDefault("paced", 1000);
    rates = openRates;
    sdkRates = openSdkRates;
  }

  private static List<Integer> rateList(String text) {
    return Arrays.stream(text.split(",")).map(Integer::parseInt).filter(rate -> rate > 0).toList();
  }

  public static void main(String[] args) throws Exception {
    new ApiWriteBenchmark(args).run();
    System.exit(0);
  }

  private void run() throws Exception {
    Path dataDir = Files.createTempDirectory("meshplane-api-bench");
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    double loadBefore = os.getSystemLoadAverage();
    try (RunningServer server = RunningServer.onSqlite(dataDir);
        AppMeshClient admin = server.client();
        SignedRouteCalls light = new SignedRouteCalls(server.endpoint(), MESH, server.credentials(), RunningServer.REGION, connections);
        AppMeshAsyncClient sdkAsync = asyncClient(server)) {
      admin.createMesh(r -> r.meshName(MESH));
      admin.createVirtualNode(r -> r.meshName(MESH).virtualNodeName("node")
          .spec(s -> s.listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))
              .serviceDiscovery(d -> d.dns(dns -> dns.hostname("127.0.0.1")))));
      for (int c = 0; c < clients; c++) {
        int client = c;
        admin.createVirtualRouter(r -> r.meshName(MESH).virtualRouterName("router-" + client)
            .spec(s -> s.listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))));
        update(admin, client, 0);
      }
      List<AppMeshClient> sdks = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        sdks.add(server.client());
      }
      report.line("%d signed clients on the all-in-one server over SQLite, in one JVM (%d cores); load average %.2f at the start",
          clients, Runtime.getRuntime().availableProcessors(), loadBefore);
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      ExecutorService scheduler = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-schedule"));
      JournaledStore store = server.bean(JournaledStore.class);
      Measure updates = new Measure();
      Measure describes = new Measure();
      Measure direct = new Measure();
      Measure lightClosed = new Measure();
      Map<Integer, OpenMeasure> open = new LinkedHashMap<>();
      rates.forEach(rate -> open.put(rate, new OpenMeasure()));
      Measure pacedSdk = new Measure();
      Map<Integer, OpenMeasure> openSdk = new LinkedHashMap<>();
      sdkRates.forEach(rate -> openSdk.put(rate, new OpenMeasure()));
      try {
        // warm-up, not recorded
        if (closedLoop) {
          phase(pool, sdks, true, warmup, new BenchReport.Samples());
          phase(pool, sdks, false, warmup, new BenchReport.Samples());
          closedLight(light, warmup, new BenchReport.Samples());
        }
        if (!rates.isEmpty()) {
          openLoop(scheduler, light, rates.get(0), warmup);
        }
        if (!sdkRates.isEmpty()) {
          openLoop(scheduler, sdkAsync, sdkRates.get(0), warmup);
        }
        if (paced > 0) {
          paced(pool, sdks, warmup, new BenchReport.Samples());
        }
        for (int round = 0; round < rounds; round++) {
          if (closedLoop) {
            updates.time(() -> phase(pool, sdks, true, seconds, updates.latencies));
            describes.time(() -> phase(pool, sdks, false, seconds, describes.latencies));
            direct.time(() -> direct(pool, store, seconds, direct.latencies));
            lightClosed.time(() -> closedLight(light, seconds, lightClosed.latencies));
          }
          for (int rate : rates) {
            open.get(rate).add(rounds, () -> openLoop(scheduler, light, rate, seconds));
          }
          for (int rate : sdkRates) {
            openSdk.get(rate).add(rounds, () -> openLoop(scheduler, sdkAsync, rate, seconds));
          }
          if (paced > 0) {
            pacedSdk.time(() -> paced(pool, sdks, seconds, pacedSdk.latencies));
          }
        }
      } finally {
        pool.shutdownNow();
        scheduler.shutdownNow();
        sdks.forEach(AppMeshClient::close);
      }
      report.line("%d rounds of %d s per measure, interleaved.", rounds, seconds);
      if (closedLoop) {
        report.line("Closed loop (each caller sends when answered):");
        closed("updateRoute", "UpdateRoute, " + clients + " AWS SDK clients", "UpdateRoute latency", updates);
        closed("describeRoute", "DescribeRoute, " + clients + " AWS SDK clients", "DescribeRoute latency", describes);
        closed("storeUpdate", "store.apply(Update) directly, " + clients + " threads", "store.apply latency", direct);
        closed("updateRouteLight", "UpdateRoute, " + clients + " lightweight signed callers", "UpdateRoute latency", lightClosed);
      }
      if (!rates.isEmpty()) {
        report.line("Open loop: UpdateRoute started on schedule at a fixed rate, latency from each call's due time,"
            + " lightweight signed client, " + connections + " connections:");
      }
      open.forEach((rate, measure) -> openReport("open" + rate, rate, measure));
      if (!sdkRates.isEmpty()) {
        report.line("Open loop on the AWS SDK's AppMeshAsyncClient (Netty, " + connections + " connections at most):");
      }
      openSdk.forEach((rate, measure) -> openReport("openSdk" + rate, rate, measure));
      if (paced > 0) {
        report.line("Paced: %d AWS SDK clients (synchronous), %d calls/s in all, each on its own schedule:", clients, paced);
        closed("pacedSdk" + paced, "UpdateRoute, " + clients + " AWS SDK clients paced", "UpdateRoute latency from due time",
            pacedSdk);
      }
    }
    double loadAfter = os.getSystemLoadAverage();

    report.line("load average %.2f at the start, %.2f at the end", loadBefore, loadAfter);
    report.figure("loadAverage.start", loadBefore);
    report.figure("loadAverage.end", loadAfter);
    report.write();
  }

  private void openReport(String key, int rate, OpenMeasure measure) {
    report.line("  %5d/s scheduled: achieved %6.0f/s; %d calls, %d failed, %d started late (> 1 ms; latest %.1f ms),"
            + " at most %d in flight", rate, measure.achieved, measure.scheduled, measure.failed, measure.late,
        measure.maxLateNanos / 1e6, measure.maxInFlight);
    report.latencies(key, "UpdateRoute latency from due time", measure.measure.latencies);
    cpuPerCall(key, measure.measure);
    report.figure(key + ".achievedPerSecond", measure.achieved);
    report.figure(key + ".failed", measure.failed);
    report.figure(key + ".late", measure.late);
  }

  /** The SDK's asynchronous client, signing as the sync ones do, never retrying (a retry would hide a failure). */
  private AppMeshAsyncClient asyncClient(RunningServer server) {
    return AppMeshAsyncClient.builder()
        .endpointOverride(server.endpoint())
        .region(Region.of(RunningServer.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(server.credentials()))
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(connections))
        .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
        .build();
  }

  /** An open-loop run at {@code rate} on the SDK's async client, scheduled from a thread of the client role. */
  private OpenLoop.Result openLoop(ExecutorService scheduler, AppMeshAsyncClient sdk, int rate, int seconds)
      throws Exception {
    // The SDK marshals and signs on the calling thread before its future is returned: on threads of
    // their own, so the schedule keeps time and a slow client shows as the clients' CPU.
    ExecutorService marshalling = Executors.newFixedThreadPool(2, r -> new Thread(r, "bench-sdk-call"));
    try {
      return scheduler.submit(() -> OpenLoop.run(rate, seconds, i -> {
        int client = i % clients;
        String prefix = "/p" + (i / clients % 2);
        return CompletableFuture.supplyAsync(() -> sdk.updateRoute(r -> r.meshName(MESH)
                .virtualRouterName("router-" + client).routeName("route")
                .spec(s -> s.httpRoute(h -> h.match(m -> m.prefix(prefix))
                    .action(a -> a.weightedTargets(t -> t.virtualNode("node").weight(1)))))), marshalling)
            .thenCompose(response -> response)
            .thenApply(response -> response.sdkHttpResponse().statusCode());
      })).get();
    } finally {
      marshalling.shutdownNow();
    }
  }

  /** An open-loop run at {@code rate}, scheduled from a thread of the client role. */
  private OpenLoop.Result openLoop(ExecutorService scheduler, SignedRouteCalls light, int rate, int seconds)
      throws Exception {
    return scheduler.submit(() -> OpenLoop.run(rate, seconds,
        i -> light.updateRoute("router-" + (i % clients), "/p" + (i / clients % 2)))).get();
  }

  /**
   * {@code clients} callers on the lightweight client, each sending its next UpdateRoute when the
   * last is answered, for {@code seconds}; returns the calls answered.
   */
  private long closedLight(SignedRouteCalls light, int seconds, BenchReport.Samples latencies) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    ConcurrentLinkedQueue<Long> samples = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<Void>> callers = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      callers.add(done);
      callLight(light, c, 1, end, samples, done);
    }
    CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).join();
    samples.forEach(latencies::add);
    return samples.size();
  }

  private void callLight(SignedRouteCalls light, int client, int i, long end,
      ConcurrentLinkedQueue<Long> samples, CompletableFuture<Void> done) {
    long t = System.nanoTime();
    light.updateRoute("router-" + client, "/p" + (i % 2)).whenComplete((status, failure) -> {
      if (failure != null || status / 100 != 2) {
        done.completeExceptionally(failure != null ? failure : new IllegalStateException("HTTP " + status));
        return;
      }
      long now = System.nanoTime();
      samples.add(now - t);
      if (now < end) {
        callLight(light, client, i + 1, end, samples, done);
      } else {
        done.complete(null);
      }
    });
  }

  /** A closed-loop measure's rate, latencies and CPU per call. */
  private void closed(String key, String label, String latencyLabel, Measure measure) {
    report.line("  %-46s %8.0f calls/s", label, measure.perSecond());
    report.latencies(key, latencyLabel, measure.latencies);
    cpuPerCall(key, measure);
    report.figure(key + ".perSecond", measure.perSecond());
  }

  /**
   * CPU time per call by thread role: what a request costs the machine whatever else runs on it
   * (the clients share the server's cores, so their share is printed too).
   */
  private void cpuPerCall(String key, Measure measure) {
    Map<String, Long> cpu = measure.cpu;
    long calls = measure.calls;
    long total = cpu.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder roles = new StringBuilder();
    cpu.forEach((role, nanos) -> {
      roles.append(String.format(Locale.ROOT, " %s %.0f", role, nanos / 1e3 / calls));
      report.figure(key + ".cpuMicros." + role, nanos / 1e3 / calls);
    });
    long server = total - cpu.getOrDefault("clients", 0L);
    report.line("  %-58s %6.0f us:%s (server %.0f us; clients %.0f%% of the CPU)", "CPU per call (us), by thread role",
        total / 1e3 / calls, roles, server / 1e3 / calls, 100.0 * cpu.getOrDefault("clients", 0L) / Math.max(1, total));
    report.figure(key + ".cpuMicros", total / 1e3 / calls);
    report.figure(key + ".serverCpuMicros", server / 1e3 / calls);
    report.figure(key + ".clientCpuShare", (double) cpu.getOrDefault("clients", 0L) / Math.max(1, total));
    allocatedPerCall(key, measure);
  }

  /** Bytes allocated per call by thread role: what sets how often the young collector pauses. */
  private void allocatedPerCall(String key, Measure measure) {
    long calls = measure.calls;
    StringBuilder roles = new StringBuilder();
    measure.allocated.forEach((role, bytes) -> {
      roles.append(String.format(Locale.ROOT, " %s %.1f", role, bytes / 1024.0 / calls));
      report.figure(key + ".allocatedKiB." + role, bytes / 1024.0 / calls);
    });
    long server = measure.allocated.values().stream().mapToLong(Long::longValue).sum()
        - measure.allocated.getOrDefault("clients", 0L);
    report.line("  %-58s %6.1f KiB:%s", "allocated per call (KiB, server), by thread role", server / 1024.0 / calls, roles);
    report.figure(key + ".serverAllocatedKiB", server / 1024.0 / calls);
  }

  /** Every client calls as fast as it is answered for {@code seconds}; returns the calls made. */
  private long phase(ExecutorService pool, List<AppMeshClient> sdks, boolean write, int seconds,
      BenchReport.Samples latencies) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Long>>> results = new ArrayList<>();
    for (int c = 0; c < sdks.size(); c++) {
      int client = c;
      results.add(pool.submit(() -> {
        List<Long> mine = new ArrayList<>();
        start.await();
        int i = 0;
        while (System.nanoTime() < end) {
          long t = System.nanoTime();
          if (write) {
            update(sdks.get(client), client, ++i);
          } else {
            sdks.get(client).describeRoute(r -> r.meshName(MESH).virtualRouterName("router-" + client).routeName("route"));
          }
          mine.add(System.nanoTime() - t);
        }
        return mine;
      }));
    }
    start.countDown();
    return collect(results, latencies);
  }

  /**
   * Each SDK client calls UpdateRoute on its own schedule, {@code paced / clients} per second,
   * staggered across clients; latency from each call's due time. Returns the calls made.
   */
  private long paced(ExecutorService pool, List<AppMeshClient> sdks, int seconds, BenchReport.Samples latencies)
      throws Exception {
    long periodNanos = TimeUnit.SECONDS.toNanos(1) * sdks.size() / paced;
    int perClient = (int) (TimeUnit.SECONDS.toNanos(seconds) / periodNanos);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
    List<Future<List<Long>>> results = new ArrayList<>();
    for (int c = 0; c < sdks.size(); c++) {
      int client = c;
      long first = start + periodNanos * c / sdks.size();
      results.add(pool.submit(() -> {
        List<Long> mine = new ArrayList<>();
        for (int i = 0; i < perClient; i++) {
          long due = first + i * periodNanos;
          for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
          }
          update(sdks.get(client), client, i + 1);
          mine.add(System.nanoTime() - due);
        }
        return mine;
      }));
    }
    return collect(results, latencies);
  }

  /** Each thread updates its route's stored spec through {@link JournaledStore#apply}, as the API would. */
  private long direct(ExecutorService pool, JournaledStore store, int seconds, BenchReport.Samples latencies)
      throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<Future<List<Long>>> results = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      ResourceId route = ResourceId.child(MESH, ResourceKind.ROUTE, "router-" + c, "route");
      results.add(pool.submit(() -> {
        var stored = store.get(route).orElseThrow();
        List<Long> mine = new ArrayList<>();
        while (System.nanoTime() < end) {
          long t = System.nanoTime();
          store.apply(new Mutation.Update(route, null, stored.specJson(), stored.references(), List.of(),
              RunningServer.ADMIN_ARN));
          mine.add(System.nanoTime() - t);
        }
        return mine;
      }));
    }
    return collect(results, latencies);
  }

  /** Waits for every caller's latencies and adds them; returns the calls made. */
  private static long collect(List<Future<List<Long>>> results, BenchReport.Samples latencies) throws Exception {
    long calls = 0;
    for (Future<List<Long>> result : results) {
      for (long sample : result.get()) {
        latencies.add(sample);
        calls++;
      }
    }
    return calls;
  }

  private static void update(AppMeshClient sdk, int client, int i) {
    String prefix = "/p" + (i % 2);
    if (i == 0) {
      sdk.createRoute(r -> r.meshName(MESH).virtualRouterName("router-" + client).routeName("route")
          .spec(s -> s.httpRoute(h -> h.match(m -> m.prefix(prefix))
              .action(a -> a.weightedTargets(t -> t.virtualNode("node").weight(1))))));
    } else {
      sdk.updateRoute(r -> r.meshName(MESH).virtualRouterName("router-" + client).routeName("route")
          .spec(s -> s.httpRoute(h -> h.match(m -> m.prefix(prefix))
              .action(a -> a.weightedTargets(t -> t.virtualNode("node").weight(1))))));
    }
  }
}
