package dev.meshplane.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.JournaledStore;
import dev.meshplane.store.Mutation;
import software.amazon.awssdk.services.appmesh.AppMeshClient;

/**
 * Not a test: the App Mesh API under concurrent signed clients on the all-in-one server over SQLite
 * (the embedded transformer running, woken by every write). {@code clients} AWS SDK clients, each
 * on its own thread with its own route, call UpdateRoute as fast as answers come for
 * {@code seconds}, then DescribeRoute likewise, alternating for {@code rounds}; prints requests/s and
 * p50/p99/max per operation, and the same updates applied to the journaled store directly (no
 * HTTP, no signature: the store's own share); writes {@code integration-tests/target/benchmarks/api-writes.txt}
 * and {@code .json}, with the CPU time per call by thread role (clients, HTTP event loop, handlers, journal writer,
 * transformer), which the load of other processes does not inflate. Arguments (optional): {@code clients=32 seconds=10 rounds=2 warmup=3} (seconds of
 * each operation before the rounds, unrecorded: on a loaded machine the JIT needs longer).
 */
public final class ApiWriteBenchmark {
  private static final String MESH = "writes";

  private final int clients;
  private final int seconds;
  private final int rounds;
  private final int warmup;
  private final BenchReport report = new BenchReport("api-writes");

  private ApiWriteBenchmark(Map<String, Integer> args) {
    clients = args.getOrDefault("clients", 32);
    seconds = args.getOrDefault("seconds", 10);
    rounds = args.getOrDefault("rounds", 2);
    warmup = args.getOrDefault("warmup", 3);
  }

  public static void main(String[] args) throws Exception {
    new ApiWriteBenchmark(BenchReport.arguments(args)).run();
    System.exit(0);
  }

  private void run() throws Exception {
    Path dataDir = Files.createTempDirectory("meshplane-api-bench");
    try (RunningServer server = RunningServer.onSqlite(dataDir);
        AppMeshClient admin = server.client()) {
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
      report.line("%d signed AWS SDK clients, one thread each, on the all-in-one server over SQLite (%d cores)",
          clients, Runtime.getRuntime().availableProcessors());
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      BenchReport.Samples updates = new BenchReport.Samples();
      BenchReport.Samples describes = new BenchReport.Samples();
      BenchReport.Samples direct = new BenchReport.Samples();
      JournaledStore store = server.bean(JournaledStore.class);
      Map<String, Long> updateCpu = new LinkedHashMap<>();
      Map<String, Long> describeCpu = new LinkedHashMap<>();
      Map<String, Long> directCpu = new LinkedHashMap<>();
      long directCount = 0;
      long directNanos = 0;
      long updateCount = 0;
      long describeCount = 0;
      long updateNanos = 0;
      long describeNanos = 0;
      try {
        phase(pool, sdks, true, warmup, new BenchReport.Samples()); // warm-up, not recorded
        phase(pool, sdks, false, warmup, new BenchReport.Samples());
        for (int round = 0; round < rounds; round++) {
          long t = System.nanoTime();
          ThreadCpu cpu = ThreadCpu.now();
          updateCount += phase(pool, sdks, true, seconds, updates);
          updateNanos += System.nanoTime() - t;
          ThreadCpu.now().since(cpu).forEach((role, nanos) -> updateCpu.merge(role, nanos, Long::sum));
          t = System.nanoTime();
          cpu = ThreadCpu.now();
          describeCount += phase(pool, sdks, false, seconds, describes);
          describeNanos += System.nanoTime() - t;
          ThreadCpu.now().since(cpu).forEach((role, nanos) -> describeCpu.merge(role, nanos, Long::sum));
          t = System.nanoTime();
          cpu = ThreadCpu.now();
          directCount += direct(pool, store, seconds, direct);
          directNanos += System.nanoTime() - t;
          ThreadCpu.now().since(cpu).forEach((role, nanos) -> directCpu.merge(role, nanos, Long::sum));
        }
      } finally {
        pool.shutdownNow();
        sdks.forEach(AppMeshClient::close);
      }
      double updateRate = updateCount / (updateNanos / 1e9);
      double describeRate = describeCount / (describeNanos / 1e9);
      report.line("%d rounds of %d s per operation, interleaved:", rounds, seconds);
      report.line("  UpdateRoute   %8.0f requests/s", updateRate);
      report.latencies("updateRoute", "UpdateRoute latency", updates);
      cpuPerCall("updateRoute", updateCpu, updateCount);
      report.line("  DescribeRoute %8.0f requests/s", describeRate);
      report.latencies("describeRoute", "DescribeRoute latency", describes);
      cpuPerCall("describeRoute", describeCpu, describeCount);
      double directRate = directCount / (directNanos / 1e9);
      report.line("  store.apply(Update) directly, %d threads %8.0f writes/s", clients, directRate);
      report.latencies("storeUpdate", "store.apply latency", direct);
      cpuPerCall("storeUpdate", directCpu, directCount);
      report.figure("storeUpdate.perSecond", directRate);
      report.figure("updateRoute.perSecond", updateRate);
      report.figure("describeRoute.perSecond", describeRate);
    }
    report.write();
  }

  /**
   * CPU time per call by thread role: what a request costs the machine whatever else runs on it
   * (the clients share the server's cores, so their share is printed too).
   */
  private void cpuPerCall(String key, Map<String, Long> cpu, long calls) {
    long total = cpu.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder roles = new StringBuilder();
    cpu.forEach((role, nanos) -> {
      roles.append(String.format(Locale.ROOT, " %s %.0f", role, nanos / 1e3 / calls));
      report.figure(key + ".cpuMicros." + role, nanos / 1e3 / calls);
    });
    report.line("  %-58s %6.0f us:%s", "CPU per call (us), by thread role", total / 1e3 / calls, roles);
    report.figure(key + ".cpuMicros", total / 1e3 / calls);
    long server = total - cpu.getOrDefault("clients", 0L);
    report.figure(key + ".serverCpuMicros", server / 1e3 / calls);
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
    long calls = 0;
    for (Future<List<Long>> result : results) {
      for (long sample : result.get()) {
        latencies.add(sample);
        calls++;
      }
    }
    return calls;
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
