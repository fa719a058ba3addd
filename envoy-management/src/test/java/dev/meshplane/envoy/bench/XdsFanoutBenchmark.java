package dev.meshplane.envoy.bench;

import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ENDPOINT_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ROUTE_TYPE_URL;

import dev.meshplane.configstore.ConfigChanges;
import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.NotifyingConfigStore;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.envoy.EnvoyManagement;
import dev.meshplane.envoy.InMemoryConfigStore;
import dev.meshplane.envoy.ManagementFixture;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.store.StoredResource;
import dev.meshplane.transformer.output.EnvoyMeshSynthesizer;
import dev.meshplane.transformer.reconcile.ContentHash;
import dev.meshplane.transformer.reconcile.MeshSynthesizer.SynthesizedProxy;
import io.grpc.ManagedChannel;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * Not a test: starts the management service in-process on an in-memory config store holding a
 * synthesized mesh, connects a fleet of raw ADS clients that subscribe to CDS/EDS/LDS/RDS and ACK
 * everything, and measures initial connect, a change every proxy sees, a change one virtual node
 * sees, and state-of-the-world against delta xDS for the same change. Prints a table and writes it
 * to {@code target/benchmarks/xds-fanout.txt} and {@code .json}. Arguments (all optional):
 * {@code nodes=200 proxies=1000 backends=10 routes=5 channels=4}; proxies beyond the node count
 * are replicas sharing their virtual node's id, as Envoy replicas of one App Mesh node do.
 */
public final class XdsFanoutBenchmark {
  private static final String MESH = "bench";
  private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);
  private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(120);

  private final int nodes;
  private final int proxies;
  private final int backends;
  private final int routes;
  private final int channels;
  private final InMemoryConfigStore store = new InMemoryConfigStore();
  private final ConfigChanges changes = new ConfigChanges();
  private final ConfigStore notifying = new NotifyingConfigStore(store, changes);
  private final Map<String, String> storedHashes = new HashMap<>();
  private final Map<String, Object> json = new LinkedHashMap<>();
  private final StringBuilder report = new StringBuilder();
  private long generation;
  private String sharedPrefix = "/shared";
  private boolean nodeZeroExtraBackend;
  private boolean recording = true;

  private XdsFanoutBenchmark(Map<String, Integer> args) {
    nodes = args.getOrDefault("nodes", 200);
    proxies = args.getOrDefault("proxies", 1000);
    backends = args.getOrDefault("backends", 10);
    routes = args.getOrDefault("routes", 5);
    channels = args.getOrDefault("channels", 4);
  }

  public static void main(String[] args) throws Exception {
    Map<String, Integer> parsed = new HashMap<>();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      parsed.put(kv[0], Integer.parseInt(kv[1]));
    }
    new XdsFanoutBenchmark(parsed).run();
    System.exit(0); // gRPC and Pekko leave non-daemon threads behind
  }

  private void run() throws Exception {
    int replicas = (proxies + nodes - 1) / nodes;
    long synthStart = System.nanoTime();
    int written = storeGeneration();
    line("mesh: %d virtual nodes x %d backends (1 shared router + ring), %d routes/router; %d items, synthesized+stored in %d ms",
        nodes, backends, routes, written, millis(System.nanoTime() - synthStart));
    line("fleet: %d proxies (%d per virtual node) over %d gRPC channels; %d MiB max heap, %d cores",
        proxies, replicas, channels, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
    line("each write wakes the server (ConfigChanges); store poll interval %d ms behind it (production: 1 s)",
        ManagementFixture.settings().pollInterval().toMillis());
    json.put("nodes", nodes);
    json.put("proxies", proxies);
    json.put("items", written);

    // Woken by each write as the transformer's commits wake it; the poll stays behind as in production.
    EnvoyManagement management =
        EnvoyManagement.builder(store, ManagementFixture.settings(replicas + 1)).configChanges(changes).start();
    long heapBefore = heapAfterGc();
    try {
      // A first pass of both modes only warms the JIT up (Netty, protobuf, the cache): unrecorded.
      for (boolean record : new boolean[] {false, true}) {
        recording = record;
        runMode(management, false, replicas, heapBefore);
        runMode(management, true, replicas, heapBefore);
      }
      recording = true;
      comparison();
    } finally {
      management.close();
    }
    // target/test-classes/.. whatever directory Maven was started from.
    Path dir = Path.of(XdsFanoutBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .getParent().resolve("benchmarks");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("xds-fanout.txt"), report.toString());
    Files.writeString(dir.resolve("xds-fanout.json"), toJson());
    System.out.println("written to " + dir.resolve("xds-fanout.txt"));
  }

  private void runMode(EnvoyManagement management, boolean delta, int replicas, long heapBefore) throws Exception {
    String mode = delta ? "delta" : "sotw";
    List<ManagedChannel> pool = channels(management.xdsPort());
    List<BenchProxy> fleet = new ArrayList<>();
    for (int p = 0; p < proxies; p++) {
      String nodeId = "mesh/" + MESH + "/virtualNode/node-" + (p % nodes);
      fleet.add(new BenchProxy(pool.get(p % pool.size()), nodeId, delta));
    }
    Fleet f = new Fleet(fleet);

    // 1. Initial connect.
    f.mark();
    long start = System.nanoTime();
    fleet.forEach(BenchProxy::start);
    f.awaitAllComplete();
    long connect = System.nanoTime() - start;
    long heap = heapAfterGc();
    section("[%s] initial connect", mode);
    line("  all %d proxies ACKed CDS+EDS+LDS+RDS in %d ms", proxies, millis(connect));
    f.printTotals("  ", mode + ".connect");
    line("  heap after GC: %d MiB (%d MiB before connect; ~%d KiB per proxy, client side included)",
        heap >> 20, heapBefore >> 20, (heap - heapBefore) / 1024 / proxies);
    json.put(mode + ".connect.ms", millis(connect));
    json.put(mode + ".connect.heapMiB", heap >> 20);

    // 2a. A change to the router every node calls.
    sharedPrefix = sharedPrefix + "x";
    measureChange(f, mode + ".all", "[" + mode + "] change to the shared router (all proxies)", p -> true);

    // 2b. A change only virtual node 0 sees: it gains a backend.
    nodeZeroExtraBackend = !nodeZeroExtraBackend;
    measureChange(f, mode + ".one", "[" + mode + "] change to node-0 only (" + replicas + " replicas)",
        p -> p % nodes == 0);

    fleet.forEach(BenchProxy::close);
    for (ManagedChannel c : pool) {
      c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    Thread.sleep(1000); // let the server drop the streams before the next fleet
  }

  private void measureChange(Fleet f, String key, String title, IntPredicate affected) throws Exception {
    f.mark();
    int reads = store.reads();
    int listings = store.listings();
    List<ProxyConfigItem> changed = synthesizeChanged();
    long t0 = System.nanoTime();
    int written = write(changed);
    List<Integer> expected = new ArrayList<>();
    for (int p = 0; p < proxies; p++) {
      if (affected.test(p)) {
        expected.add(p);
      }
    }
    f.awaitResponses(expected);
    f.awaitQuiet();
    section("%s", title);
    line("  config store: %d item(s) rewritten at generation %d; server then made %d item reads, %d mesh listings",
        written, generation, store.reads() - reads, store.listings() - listings);
    long[] latencies = expected.stream().mapToLong(p -> f.fleet.get(p).lastResponseNanos - t0).sorted().toArray();
    line("  expected proxies %d: latency from store write p50 %d ms, p99 %d ms, max %d ms",
        expected.size(), pct(latencies, 50), pct(latencies, 99), pct(latencies, 100));
    int othersResponses = 0;
    int othersProxies = 0;
    for (int p = 0; p < proxies; p++) {
      if (!affected.test(p) && f.fleet.get(p).responses > 0) {
        othersResponses += f.fleet.get(p).responses;
        othersProxies++;
      }
    }
    line("  responses to proxies the change does not concern: %d (on %d proxies)", othersResponses, othersProxies);
    f.printTotals("  ", key);
    double perProxyResponses = (double) f.totalResponses() / Math.max(1, expected.size());
    double perProxyBytes = (double) f.totalBytes() / Math.max(1, expected.size());
    line("  per affected proxy: %.2f responses, %.0f bytes", perProxyResponses, perProxyBytes);
    json.put(key + ".p50ms", pct(latencies, 50));
    json.put(key + ".p99ms", pct(latencies, 99));
    json.put(key + ".maxms", pct(latencies, 100));
    json.put(key + ".othersResponses", othersResponses);
    json.put(key + ".responsesPerProxy", perProxyResponses);
    json.put(key + ".bytesPerProxy", perProxyBytes);
    json.put(key + ".itemsWritten", written);
  }

  private void comparison() {
    section("delta / state-of-the-world (same changes, same fleet size; single run, noisy machine)");
    for (String what : List.of("connect.ms", "connect.bytes", "all.responsesPerProxy", "all.bytesPerProxy",
        "all.p50ms", "all.maxms", "one.responsesPerProxy", "one.bytesPerProxy", "one.p50ms")) {
      double sotw = ((Number) json.get("sotw." + what)).doubleValue();
      double delta = ((Number) json.get("delta." + what)).doubleValue();
      double ratio = sotw == 0 ? Double.NaN : delta / sotw;
      line("  %-22s sotw %12.1f  delta %12.1f  ratio %.3f", what, sotw, delta, ratio);
      json.put("ratio." + what, ratio);
    }
  }

  /** Synthesizes the mesh at the next generation and writes only changed items, as the reconciler does. */
  private int storeGeneration() {
    return write(synthesizeChanged());
  }

  /** The items of the next generation whose content changed; synthesis is kept out of the timings. */
  private List<ProxyConfigItem> synthesizeChanged() {
    generation++;
    MeshSnapshot snapshot = new MeshSnapshot(MESH, generation, Instant.now(), generation, resources());
    List<ProxyConfigItem> changed = new ArrayList<>();
    for (SynthesizedProxy proxy : new EnvoyMeshSynthesizer().synthesize(snapshot)) {
      String hash = ContentHash.of(proxy.payload());
      if (!hash.equals(storedHashes.put(proxy.key(), hash))) {
        changed.add(new ProxyConfigItem(proxy.key(), MESH, generation, hash, proxy.payload(), Instant.now()));
      }
    }
    return changed;
  }

  private int write(List<ProxyConfigItem> items) {
    items.forEach(notifying::put);
    return items.size();
  }

  /** Node i calls the shared service and services i+1..i+backends-1; service j is router j over node j. */
  private List<StoredResource> resources() {
    List<StoredResource> list = new ArrayList<>();
    add(list, ResourceId.mesh(MESH), "{}");
    for (int i = 0; i < nodes; i++) {
      StringBuilder calls = new StringBuilder("{\"virtualService\":{\"virtualServiceName\":\"svc-shared.local\"}}");
      for (int b = 1; b < backends; b++) {
        calls.append(",{\"virtualService\":{\"virtualServiceName\":\"svc-").append((i + b) % nodes).append(".local\"}}");
      }
      if (i == 0 && nodeZeroExtraBackend) {
        calls.append(",{\"virtualService\":{\"virtualServiceName\":\"svc-").append(nodes / 2).append(".local\"}}");
      }
      add(list, ResourceId.of(MESH, ResourceKind.VIRTUAL_NODE, "node-" + i),
          "{\"listeners\":[{\"portMapping\":{\"port\":8080,\"protocol\":\"http\"}}],"
              + "\"serviceDiscovery\":{\"dns\":{\"hostname\":\"127.0." + (i / 250) + "." + (i % 250 + 1) + "\"}},"
              + "\"backends\":[" + calls + "]}");
      router(list, "router-" + i, "svc-" + i + ".local", "/p", "node-" + i, "node-" + ((i + 1) % nodes));
    }
    router(list, "router-shared", "svc-shared.local", sharedPrefix, "node-0", "node-1");
    return list;
  }

  private void router(List<StoredResource> list, String router, String service, String prefix, String a, String b) {
    add(list, ResourceId.of(MESH, ResourceKind.VIRTUAL_ROUTER, router),
        "{\"listeners\":[{\"portMapping\":{\"port\":8080,\"protocol\":\"http\"}}]}");
    add(list, ResourceId.of(MESH, ResourceKind.VIRTUAL_SERVICE, service),
        "{\"provider\":{\"virtualRouter\":{\"virtualRouterName\":\"" + router + "\"}}}");
    for (int r = 0; r < routes; r++) {
      add(list, ResourceId.child(MESH, ResourceKind.ROUTE, router, "route-" + r),
          "{\"priority\":" + r + ",\"httpRoute\":{\"match\":{\"prefix\":\"" + prefix + r + "\"},"
              + "\"action\":{\"weightedTargets\":[{\"virtualNode\":\"" + a + "\",\"weight\":90},"
              + "{\"virtualNode\":\"" + b + "\",\"weight\":10}]}}}");
    }
  }

  private static void add(List<StoredResource> list, ResourceId id, String spec) {
    Instant t = Instant.EPOCH;
    list.add(new StoredResource(id, "uid-" + id.key(), 1, t, t, spec, List.of(), Set.of(), null,
        "111122223333", "111122223333"));
  }

  private List<ManagedChannel> channels(int port) {
    return BenchProxy.channels(port, channels);
  }

  /** The fleet's counters, reset by {@link #mark()} before each phase. */
  private final class Fleet {
    final List<BenchProxy> fleet;

    Fleet(List<BenchProxy> fleet) {
      this.fleet = fleet;
    }

    void mark() {
      fleet.forEach(BenchProxy::mark);
    }

    long totalResponses() {
      return fleet.stream().mapToLong(p -> p.responses).sum();
    }

    long totalBytes() {
      return fleet.stream().mapToLong(p -> p.bytes).sum();
    }

    void printTotals(String indent, String key) {
      long[] byType = new long[4];
      for (BenchProxy p : fleet) {
        for (int t = 0; t < 4; t++) {
          byType[t] += p.responsesByType[t];
        }
      }
      line("%sresponses sent: %d (CDS %d, EDS %d, LDS %d, RDS %d), %.1f MiB", indent, totalResponses(),
          byType[0], byType[1], byType[2], byType[3], totalBytes() / 1048576.0);
      json.put(key + ".responses", totalResponses());
      json.put(key + ".bytes", totalBytes());
    }

    void awaitAllComplete() throws InterruptedException {
      await(() -> fleet.stream().allMatch(BenchProxy::complete), "every proxy to ACK all four types");
    }

    void awaitResponses(List<Integer> expected) throws InterruptedException {
      await(() -> expected.stream().allMatch(p -> fleet.get(p).responses > 0), "every affected proxy to get a response");
    }

    /** Waits until no proxy got anything for {@link #QUIET_NANOS}: the change has been fully pushed. */
    void awaitQuiet() throws InterruptedException {
      await(() -> {
        long last = fleet.stream().mapToLong(p -> p.lastResponseNanos).max().orElse(0);
        return System.nanoTime() - last > QUIET_NANOS;
      }, "the fleet to go quiet");
    }

    private void await(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT_NANOS;
      while (!done.getAsBoolean()) {
        if (System.nanoTime() > deadline) {
          long incomplete = fleet.stream().filter(p -> !p.complete()).count();
          Throwable error = fleet.stream().map(p -> p.error).filter(e -> e != null).findFirst().orElse(null);
          throw new IllegalStateException("timed out waiting for " + what + " (" + incomplete
              + " proxies incomplete; a stream error: " + error + ")");
        }
        Thread.sleep(20);
      }
    }
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long pct(long[] sorted, int percentile) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return millis(sorted[Math.max(0, Math.min(sorted.length - 1, index))]);
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  private void section(String format, Object... args) {
    line(format, args);
  }

  private void line(String format, Object... args) {
    if (!recording) {
      return;
    }
    String text = String.format(format, args);
    report.append(text).append('\n');
    System.out.println(text);
  }

  private String toJson() {
    StringBuilder b = new StringBuilder("{\n");
    List<String> entries = new ArrayList<>();
    json.forEach((k, v) -> entries.add("  \"" + k + "\": "
        + (v instanceof Double d ? (d.isNaN() ? "null" : String.format("%.3f", d)) : v)));
    b.append(String.join(",\n", entries)).append("\n}\n");
    return b.toString();
  }
}
