package dev.meshplane.it;

import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ENDPOINT_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ROUTE_TYPE_URL;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.envoy.bench.BenchProxy;
import dev.meshplane.transformer.reconcile.Pass;
import dev.meshplane.transformer.reconcile.ReconcileLoop;
import dev.meshplane.transformer.reconcile.TickReport;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import software.amazon.awssdk.services.appmesh.AppMeshClient;
import software.amazon.awssdk.services.appmesh.model.Backend;
import software.amazon.awssdk.services.appmesh.model.VirtualNodeSpec;

/**
 * Not a test: one run measures Meshplane end to end and a bare java-control-plane server (SimpleCache
 * + V3DiscoveryServer) fed the same snapshots, interleaved round by round, with a fleet of raw
 * state-of-the-world ADS proxies on each (200 virtual nodes x 5 replicas = 1,000 by default) that
 * ACK everything:
 * <ul>
 *   <li>a change every proxy sees (UpdateRoute of the router every node calls): from the API's 2xx,
 *       and from the transformer's first config commit (its {@code ConfigChanges} hint), to each
 *       proxy's last response; on the bare server from the start of its setSnapshot loop over
 *       every node, with the snapshots Meshplane served after the same change;
 *   <li>a change one virtual node sees (UpdateVirtualNode of node-0: a backend more or less), to its
 *       replicas; the bare server sets node-0's new snapshot.
 * </ul>
 * Prints p50/p99/max and Meshplane/bare ratios, and for each kind of change where Meshplane's time
 * goes, from the API's 2xx: to the start of the transformer pass that wrote the change, that pass's
 * stages (reading the mesh, synthesizing, writing the config store), its first config commit, and
 * the last affected proxy's response. Writes {@code integration-tests/target/benchmarks/push.txt}
 * and {@code .json}. Arguments (optional): {@code nodes=200 replicas=5 backends=10 routes=2 rounds=5
 * channels=8 oneChanges=5 warmup=3 jfr=0 statusSeconds=0} (one-node changes per round: they are quick, and a
 * p99 needs samples; {@code jfr=1} records the rounds to {@code target/benchmarks/push-rounds.jfr};
 * {@code statusSeconds}, when above 0, sets how often the server publishes proxy status, to see
 * what that publishing costs the rounds). Each round also prints where its time and CPU went.
 */
public final class PushBenchmark {
  private static final String MESH = "bench";
  private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);
  private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(180);

  private final int nodes;
  private final int replicas;
  private final int backends;
  private final int routes;
  private final int rounds;
  private final int channels;
  private final int oneChanges;
  private final boolean recordRounds;
  private final int warmup;
  private final int statusSeconds;
  private final BenchReport report = new BenchReport("push");
  private final Map<String, BenchReport.Samples> samples = new HashMap<>();
  private String sharedPrefix = "/shared";
  private boolean nodeZeroExtraBackend;

  private PushBenchmark(Map<String, Integer> args) {
    nodes = args.getOrDefault("nodes", 200);
    replicas = args.getOrDefault("replicas", 5);
    backends = args.getOrDefault("backends", 10);
    routes = args.getOrDefault("routes", 2);
    rounds = args.getOrDefault("rounds", 5);
    channels = args.getOrDefault("channels", 8);
    oneChanges = args.getOrDefault("oneChanges", 5);
    recordRounds = args.getOrDefault("jfr", 0) == 1;
    warmup = args.getOrDefault("warmup", 3);
    statusSeconds = args.getOrDefault("statusSeconds", 0);
  }

  public static void main(String[] args) throws Exception {
    new PushBenchmark(BenchReport.arguments(args)).run();
    System.exit(0); // gRPC and Pekko leave non-daemon threads behind
  }

  private void run() throws Exception {
    Path dataDir = Files.createTempDirectory("meshplane-push-bench");
    // One router and service per node plus the shared one: above App Mesh's default quota of 200.
    Map<String, Object> limits = new HashMap<>(Map.of("meshplane.limits.virtual-routers-per-mesh", 10_000,
        "meshplane.limits.virtual-services-per-mesh", 10_000, "meshplane.limits.virtual-nodes-per-mesh", 10_000));
    if (statusSeconds > 0) {
      limits.put("meshplane.status.publish-interval", statusSeconds + "s");
    }
    try (RunningServer server = RunningServer.onSqlite(dataDir, limits);
        AppMeshClient appMesh = server.client()) {
      long start = System.nanoTime();
      createMesh(appMesh);
      awaitItems(server.bean(ConfigStore.class));
      report.line("mesh: %d virtual nodes x %d backends, %d routes per router, created through the API and"
          + " synthesized in %d ms", nodes, backends, routes, millis(System.nanoTime() - start));
      report.line("fleets: %d proxies (%d per virtual node) on each server, %d gRPC channels each; %d cores, %d MiB max heap",
          nodes * replicas, replicas, channels, Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() >> 20);

      List<ManagedChannel> meshplaneChannels = channels(server.xdsPort());
      List<BenchProxy> meshplane = fleet(meshplaneChannels, true);
      awaitComplete(meshplane, "Meshplane's fleet to ACK CDS/EDS/LDS/RDS");

      SimpleCache<String> bareCache = new SimpleCache<>(Node::getId);
      V3DiscoveryServer bareXds = new V3DiscoveryServer(bareCache);
      Server bare = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .addService(bareXds.getAggregatedDiscoveryServiceImpl()).build().start();
      AtomicLong bareVersion = new AtomicLong();
      for (int n = 0; n < nodes; n++) {
        bareCache.setSnapshot(nodeId(n), served(meshplane.get(n), bareVersion.incrementAndGet()));
      }
      List<ManagedChannel> bareChannels = channels(bare.getPort());
      List<BenchProxy> bareFleet = fleet(bareChannels, false);
      awaitComplete(bareFleet, "the bare server's fleet to ACK CDS/EDS/LDS/RDS");

      AtomicLong firstCommit = new AtomicLong();
      AtomicLong lastCommit = new AtomicLong();
      server.configChanges().subscribe(mesh -> {
        long now = System.nanoTime();
        firstCommit.compareAndSet(0, now);
        lastCommit.set(now);
      });
      // The first pass after an API call that wrote configs: the one that carried the change.
      AtomicReference<ReconcileLoop.CompletedPass> writingPass = new AtomicReference<>();
      server.transformer().onPass(pass -> {
        if (pass.report().itemsWritten() > 0) {
          writingPass.compareAndSet(null, pass);
        }
        if (pass.pass() == Pass.FULL) {
          fullPasses.add(pass);
        }
      });
      // Optional: a JFR recording of the rounds alone, without the mesh's creation (jfr=1).
      jdk.jfr.Recording recording = recordRounds ? new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"))
          : null;
      if (recording != null) {
        // A round's passes take tens of milliseconds: sample often enough to see inside them.
        recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(1));
        recording.start();
      }
      // The first rounds warm the JIT up on both sides and are not recorded (their lines are printed).
      for (int round = 1 - warmup; round <= rounds; round++) {
        boolean record = round > 0;
        // 1. Every proxy: the shared router's route changes.
        sharedPrefix = sharedPrefix + "x";
        mark(meshplane);
        firstCommit.set(0);
        writingPass.set(null);
        RoundCosts costs = RoundCosts.now();
        ThreadCpu cpuBefore = ThreadCpu.now(PUSH_ROLES);
        long call = System.nanoTime();
        appMesh.updateRoute(r -> r.meshName(MESH).virtualRouterName("router-shared").routeName("route-0")
            .spec(s -> s.priority(0).httpRoute(h -> h.match(m -> m.prefix(sharedPrefix + "0"))
                .action(a -> a.weightedTargets(t -> t.virtualNode("node-0").weight(90),
                    t -> t.virtualNode("node-1").weight(10))))));
        long acknowledged = System.nanoTime();
        awaitResponses(meshplane, p -> true);
        Map<String, Long> cpu = ThreadCpu.now(PUSH_ROLES).since(cpuBefore);
        RoundCosts pushed = RoundCosts.now();
        awaitQuiet(meshplane);
        record(record, "meshplane.all.api", meshplane, p -> true, acknowledged);
        record(record, "meshplane.all.commit", meshplane, p -> true, firstCommit.get());
        // From the pass's last item commit: the xDS side alone, without the transformer's write spread.
        record(record, "meshplane.all.lastCommit", meshplane, p -> true, lastCommit.get());
        if (record) {
          samples.computeIfAbsent("meshplane.all.apiCall", k -> new BenchReport.Samples()).add(acknowledged - call);
          stages("all", call, acknowledged, firstCommit.get(), writingPass.get(), meshplane, p -> true);
        }
        roundLine(round, acknowledged, firstCommit.get(), writingPass.get(), meshplane, costs, pushed, cpu);

        mark(bareFleet);
        List<Snapshot> next = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
          next.add(served(meshplane.get(n), bareVersion.incrementAndGet()));
        }
        long set = System.nanoTime();
        for (int n = 0; n < nodes; n++) {
          bareCache.setSnapshot(nodeId(n), next.get(n));
        }
        awaitPushed(bareFleet, p -> true);
        record(record, "bare.all", bareFleet, p -> true, set);

        // 2. One virtual node's replicas: node-0 gains or loses a backend.
        for (int change = 0; change < (record ? oneChanges : 1); change++) {
          nodeZeroExtraBackend = !nodeZeroExtraBackend;
          IntPredicate nodeZero = p -> p % nodes == 0;
          mark(meshplane);
          firstCommit.set(0);
          writingPass.set(null);
          call = System.nanoTime();
          appMesh.updateVirtualNode(r -> r.meshName(MESH).virtualNodeName("node-0").spec(nodeSpec(0)));
          acknowledged = System.nanoTime();
          awaitPushed(meshplane, nodeZero);
          record(record, "meshplane.one.api", meshplane, nodeZero, acknowledged);
          record(record, "meshplane.one.commit", meshplane, nodeZero, firstCommit.get());
          checkUntouched(record, "meshplane.one", meshplane, nodeZero);
          if (record) {
            stages("one", call, acknowledged, firstCommit.get(), writingPass.get(), meshplane, nodeZero);
          }

          mark(bareFleet);
          Snapshot nodeZeroNext = served(meshplane.get(0), bareVersion.incrementAndGet());
          set = System.nanoTime();
          bareCache.setSnapshot(nodeId(0), nodeZeroNext);
          awaitPushed(bareFleet, nodeZero);
          record(record, "bare.one", bareFleet, nodeZero, set);
          checkUntouched(record, "bare.one", bareFleet, nodeZero);
        }
        if (record) {
          System.out.printf("round %d of %d done%n", round, rounds);
        }
      }
      if (recording != null) {
        Path jfr = Path.of("target", "benchmarks", "push-rounds.jfr");
        Files.createDirectories(jfr.getParent());
        recording.dump(jfr);
        recording.close();
        report.line("JFR recording of the rounds: %s", jfr.toAbsolutePath());
      }
      summarize();
      meshplane.forEach(BenchProxy::close);
      bareFleet.forEach(BenchProxy::close);
      for (ManagedChannel channel : concat(meshplaneChannels, bareChannels)) {
        channel.shutdownNow();
      }
      bare.shutdownNow();
    } finally {
      com.google.common.io.MoreFiles.deleteRecursively(dataDir, com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE);
    }
    report.write();
  }

  private void summarize() {
    report.line("");
    report.line("change every proxy sees (UpdateRoute of the shared router), %d rounds interleaved:", rounds);
    report.latencies("meshplane.all.api", "Meshplane: API 2xx -> proxy got the new RDS", samples("meshplane.all.api"));
    report.latencies("meshplane.all.commit", "Meshplane: first config commit -> proxy (push only)",
        samples("meshplane.all.commit"));
    report.latencies("meshplane.all.lastCommit", "Meshplane: last config commit of the pass -> proxy",
        samples("meshplane.all.lastCommit"));
    report.latencies("meshplane.all.apiCall", "Meshplane: the UpdateRoute call itself", samples("meshplane.all.apiCall"));
    report.latencies("bare.all", "bare java-control-plane: setSnapshot loop -> proxy", samples("bare.all"));
    report.line("change one virtual node sees (UpdateVirtualNode node-0, %d replicas):", replicas);
    report.latencies("meshplane.one.api", "Meshplane: API 2xx -> its proxies", samples("meshplane.one.api"));
    report.latencies("meshplane.one.commit", "Meshplane: first config commit -> its proxies (push only)",
        samples("meshplane.one.commit"));
    report.latencies("bare.one", "bare java-control-plane: setSnapshot -> its proxies", samples("bare.one"));
    report.line("rounds of the change every proxy sees, the %d warm-up rounds first (not recorded; ms):", warmup);
    roundLines.forEach(report::line);
    stageLines("all", "UpdateRoute of the shared router");
    stageLines("one", "UpdateVirtualNode node-0");
    report.line("responses to proxies a one-node change does not concern: Meshplane %d, bare %d",
        untouched.getOrDefault("meshplane.one", 0L), untouched.getOrDefault("bare.one", 0L));
    report.figure("meshplane.one.othersResponses", untouched.getOrDefault("meshplane.one", 0L));
    report.line("ratios Meshplane / bare (p99; p50):");
    ratio("all.api", "meshplane.all.api", "bare.all");
    ratio("all.commit", "meshplane.all.commit", "bare.all");
    ratio("all.lastCommit", "meshplane.all.lastCommit", "bare.all");
    ratio("one.api", "meshplane.one.api", "bare.one");
    ratio("one.commit", "meshplane.one.commit", "bare.one");
  }

  /**
   * Where one change's time went: each stage's end, from the API's 2xx (negative: before the client
   * had its answer), and the transformer pass's own stages; one sample per change.
   */
  private void stages(String change, long called, long acknowledged, long commit, ReconcileLoop.CompletedPass pass,
      List<BenchProxy> fleet, IntPredicate affected) {
    if (pass == null) {
      throw new IllegalStateException(change + ": no transformer pass wrote the change");
    }
    long lastProxy = 0;
    for (int p = 0; p < fleet.size(); p++) {
      if (affected.test(p)) {
        lastProxy = Math.max(lastProxy, fleet.get(p).lastResponseNanos);
      }
    }
    TickReport.Stages stages = pass.report().stages();
    String prefix = "meshplane." + change + ".stage.";
    samples(prefix + "passStart").add(pass.startedNanos() - acknowledged);
    // A full pass that ended after the call began and before the change's pass started held it back.
    if (fullPasses.stream().anyMatch(full -> full.finishedNanos() > called
        && full.finishedNanos() <= pass.startedNanos())) {
      behindFullPass.merge(change, 1, Integer::sum);
    }
    samples(prefix + "read").add(stages.readNanos());
    samples(prefix + "synthesis").add(stages.synthesisNanos());
    samples(prefix + "write").add(stages.writeNanos());
    samples(prefix + "readCpu").add(stages.readCpuNanos());
    samples(prefix + "synthesisCpu").add(stages.synthesisCpuNanos());
    samples(prefix + "writeCpu").add(stages.writeCpuNanos());
    samples(prefix + "commit").add(commit - acknowledged);
    samples(prefix + "passEnd").add(pass.finishedNanos() - acknowledged);
    samples(prefix + "lastProxy").add(lastProxy - acknowledged);
  }

  /**
   * One round of the change every proxy sees: a p99 over few rounds is the slowest round's, so each
   * round says where its time went, with the collector's and the JIT's time in this JVM (the server
   * and the fleet share it) from the call to the last proxy's response.
   */
  private void roundLine(int round, long acknowledged, long commit, ReconcileLoop.CompletedPass pass,
      List<BenchProxy> fleet, RoundCosts costs, RoundCosts pushed, Map<String, Long> cpu) {
    BenchReport.Samples api = new BenchReport.Samples();
    BenchReport.Samples push = new BenchReport.Samples();
    for (BenchProxy proxy : fleet) {
      api.add(proxy.lastResponseNanos - acknowledged);
      push.add(proxy.lastResponseNanos - commit);
    }
    TickReport.Stages stages = pass.report().stages();
    roundLines.add(String.format(java.util.Locale.ROOT,
        "  %-9s at %5.1f s API->proxy p50 %6.1f p99 %6.1f | API->commit %6.1f | commit->proxy p50 %6.1f p99 %6.1f"
            + " | pass CPU synth %5.1f write %5.1f | GC %s | JIT %d ms",
        round > 0 ? "round " + round + ":" : "warm-up:", costs.uptimeSeconds(), api.millis(50), api.millis(99),
        (commit - acknowledged) / 1e6, push.millis(50), push.millis(99),
        stages.synthesisCpuNanos() / 1e6, stages.writeCpuNanos() / 1e6, costs.gcUntil(pushed), costs.jitMillisUntil(pushed)));
    StringBuilder byRole = new StringBuilder("           CPU ms from the call to the last proxy's response:");
    cpu.forEach((role, nanos) -> byRole.append(String.format(java.util.Locale.ROOT, " %s %.0f", role, nanos / 1e6)));
    roundLines.add(byRole.toString());
  }

  private void stageLines(String change, String label) {
    String prefix = "meshplane." + change + ".stage.";
    report.line("stages of Meshplane's %s (one sample per change):", label);
    report.latencies(prefix + "passStart", "API 2xx -> transformer pass start", samples(prefix + "passStart"));
    report.latencies(prefix + "read", "  pass: read the mesh from the journaled store", samples(prefix + "read"));
    report.latencies(prefix + "synthesis", "  pass: synthesize (resolve, build, encode, hash)",
        samples(prefix + "synthesis"));
    report.latencies(prefix + "write", "  pass: compare and write the config store", samples(prefix + "write"));
    report.latencies(prefix + "readCpu", "  pass CPU: read", samples(prefix + "readCpu"));
    report.latencies(prefix + "synthesisCpu", "  pass CPU: synthesize", samples(prefix + "synthesisCpu"));
    report.latencies(prefix + "writeCpu", "  pass CPU: compare and write", samples(prefix + "writeCpu"));
    report.latencies(prefix + "commit", "API 2xx -> first config commit", samples(prefix + "commit"));
    report.latencies(prefix + "passEnd", "API 2xx -> transformer pass end", samples(prefix + "passEnd"));
    report.latencies(prefix + "lastProxy", "API 2xx -> last affected proxy's response", samples(prefix + "lastProxy"));
    report.line("  changes whose pass waited for a periodic full pass to end: %d of %d",
        behindFullPass.getOrDefault(change, 0), samples(prefix + "passStart").count());
    report.figure(prefix + "behindFullPass", behindFullPass.getOrDefault(change, 0));
  }

  private void ratio(String key, String ours, String theirs) {
    double p99 = samples(ours).millis(99) / samples(theirs).millis(99);
    double p50 = samples(ours).millis(50) / samples(theirs).millis(50);
    report.line("  %-12s p99 %8.2fx   p50 %8.2fx", key, p99, p50);
    report.figure("ratio." + key + ".p99", p99);
    report.figure("ratio." + key + ".p50", p50);
  }

  private BenchReport.Samples samples(String key) {
    return samples.computeIfAbsent(key, k -> new BenchReport.Samples());
  }

  private final Map<String, Long> untouched = new HashMap<>();
  private final List<String> roundLines = new ArrayList<>();
  /** Where a round's CPU goes; the gRPC event loops serve the fleets' channels and the bare server alike. */
  private static final List<ThreadCpu.Role> PUSH_ROLES = List.of(
      new ThreadCpu.Role("transformer", ".*transformer.*"),
      new ThreadCpu.Role("status", "proxy-status-publisher.*"),
      new ThreadCpu.Role("xds", "envoy-management.*|xds-.*"),
      new ThreadCpu.Role("grpcLoops", "grpc-.*"),
      new ThreadCpu.Role("api", "io-executor.*|default-eventLoopGroup.*|.*group-commit.*"),
      new ThreadCpu.Role("bench", "main"),
      new ThreadCpu.Role("other", ".*"));
  /** The transformer's periodic full passes: a change that arrives during one waits for its end. */
  private final List<ReconcileLoop.CompletedPass> fullPasses = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> behindFullPass = new HashMap<>();

  private void record(boolean record, String key, List<BenchProxy> fleet, IntPredicate affected, long from) {
    if (!record) {
      return;
    }
    if (from == 0) {
      throw new IllegalStateException(key + ": no config commit was seen");
    }
    for (int p = 0; p < fleet.size(); p++) {
      if (affected.test(p)) {
        samples(key).add(fleet.get(p).lastResponseNanos - from);
      }
    }
  }

  private void checkUntouched(boolean record, String key, List<BenchProxy> fleet, IntPredicate affected) {
    long others = 0;
    for (int p = 0; p < fleet.size(); p++) {
      if (!affected.test(p)) {
        others += fleet.get(p).responses;
      }
    }
    if (record) {
      untouched.merge(key, others, Long::sum);
    }
  }

  /** The snapshot a proxy was last served, under versions of the bare server's own. */
  private static Snapshot served(BenchProxy proxy, long version) {
    String v = Long.toString(version);
    return Snapshot.create(
        unpack(proxy.latest(CLUSTER_TYPE_URL), Cluster.class), v,
        unpack(proxy.latest(ENDPOINT_TYPE_URL), ClusterLoadAssignment.class), v,
        unpack(proxy.latest(LISTENER_TYPE_URL), Listener.class), v,
        unpack(proxy.latest(ROUTE_TYPE_URL), RouteConfiguration.class), v,
        List.of(), v);
  }

  private static <T extends Message> List<T> unpack(DiscoveryResponse response, Class<T> type) {
    List<T> resources = new ArrayList<>();
    for (Any any : response.getResourcesList()) {
      try {
        resources.add(any.unpack(type));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    }
    return resources;
  }

  /** Nodes first (routes target them), then routers, routes and services, then each node's backends. */
  private void createMesh(AppMeshClient appMesh) {
    appMesh.createMesh(r -> r.meshName(MESH));
    for (int i = 0; i < nodes; i++) {
      int node = i;
      appMesh.createVirtualNode(r -> r.meshName(MESH).virtualNodeName("node-" + node)
          .spec(nodeSpec(node).toBuilder().backends(List.of()).build()));
    }
    for (int i = 0; i < nodes; i++) {
      router(appMesh, "router-" + i, "svc-" + i + ".local", "/p", "node-" + i, "node-" + (i + 1) % nodes);
    }
    router(appMesh, "router-shared", "svc-shared.local", sharedPrefix, "node-0", "node-1");
    for (int i = 0; i < nodes; i++) {
      int node = i;
      appMesh.updateVirtualNode(r -> r.meshName(MESH).virtualNodeName("node-" + node).spec(nodeSpec(node)));
    }
  }

  private void router(AppMeshClient appMesh, String router, String service, String prefix, String a, String b) {
    appMesh.createVirtualRouter(r -> r.meshName(MESH).virtualRouterName(router)
        .spec(s -> s.listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))));
    for (int i = 0; i < routes; i++) {
      int route = i;
      appMesh.createRoute(r -> r.meshName(MESH).virtualRouterName(router).routeName("route-" + route)
          .spec(s -> s.priority(route).httpRoute(h -> h.match(m -> m.prefix(prefix + route))
              .action(x -> x.weightedTargets(t -> t.virtualNode(a).weight(90), t -> t.virtualNode(b).weight(10))))));
    }
    appMesh.createVirtualService(r -> r.meshName(MESH).virtualServiceName(service)
        .spec(s -> s.provider(p -> p.virtualRouter(v -> v.virtualRouterName(router)))));
  }

  /** Until the config store holds every node's item and the transformer has stopped rewriting them. */
  private void awaitItems(ConfigStore store) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT_NANOS;
    List<?> last = List.of();
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      List<?> versions = store.listMeshVersions(MESH);
      if (!versions.equals(last)) {
        last = versions;
        stableSince = System.nanoTime();
      } else if (versions.size() >= nodes && System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(3)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the transformer did not store every node's config; items: " + last.size());
  }

  private VirtualNodeSpec nodeSpec(int i) {
    List<Backend> calls = new ArrayList<>();
    calls.add(backend("svc-shared.local"));
    for (int b = 1; b < backends; b++) {
      calls.add(backend("svc-" + (i + b) % nodes + ".local"));
    }
    if (i == 0 && nodeZeroExtraBackend) {
      calls.add(backend("svc-" + nodes / 2 + ".local"));
    }
    return VirtualNodeSpec.builder()
        .listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))
        .serviceDiscovery(d -> d.dns(dns -> dns.hostname("127.0." + (i / 250) + "." + (i % 250 + 1))))
        .backends(calls)
        .build();
  }

  private static Backend backend(String service) {
    return Backend.builder().virtualService(v -> v.virtualServiceName(service)).build();
  }

  private static String nodeId(int node) {
    return "mesh/" + MESH + "/virtualNode/node-" + node;
  }

  private List<BenchProxy> fleet(List<ManagedChannel> pool, boolean keepFirstReplica) {
    List<BenchProxy> fleet = new ArrayList<>();
    for (int p = 0; p < nodes * replicas; p++) {
      BenchProxy proxy = new BenchProxy(pool.get(p % pool.size()), nodeId(p % nodes), false);
      if (keepFirstReplica && p < nodes) {
        proxy.keepResponses();
      }
      fleet.add(proxy);
    }
    fleet.forEach(BenchProxy::start);
    return fleet;
  }

  private List<ManagedChannel> channels(int port) {
    return BenchProxy.channels(port, channels);
  }

  private static List<ManagedChannel> concat(List<ManagedChannel> a, List<ManagedChannel> b) {
    List<ManagedChannel> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static void mark(List<BenchProxy> fleet) {
    fleet.forEach(BenchProxy::mark);
  }

  /** Until every affected proxy got a response and then the whole fleet stayed quiet. */
  private static void awaitPushed(List<BenchProxy> fleet, IntPredicate affected) throws InterruptedException {
    awaitResponses(fleet, affected);
    awaitQuiet(fleet);
  }

  private static void awaitResponses(List<BenchProxy> fleet, IntPredicate affected) throws InterruptedException {
    await(fleet, () -> {
      for (int p = 0; p < fleet.size(); p++) {
        if (affected.test(p) && fleet.get(p).responses == 0) {
          return false;
        }
      }
      return true;
    }, "every affected proxy to get a response");
  }

  private static void awaitQuiet(List<BenchProxy> fleet) throws InterruptedException {
    await(fleet, () -> System.nanoTime() - fleet.stream().mapToLong(p -> p.lastResponseNanos).max().orElse(0)
        > QUIET_NANOS, "the fleet to go quiet");
  }

  private static void awaitComplete(List<BenchProxy> fleet, String what) throws InterruptedException {
    await(fleet, () -> fleet.stream().allMatch(BenchProxy::complete), what);
  }

  private static void await(List<BenchProxy> fleet, BooleanSupplier done, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT_NANOS;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        Throwable error = fleet.stream().map(p -> p.error).filter(e -> e != null).findFirst().orElse(null);
        throw new IllegalStateException("timed out waiting for " + what + " (a stream error: " + error + ")");
      }
      Thread.sleep(5);
    }
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
