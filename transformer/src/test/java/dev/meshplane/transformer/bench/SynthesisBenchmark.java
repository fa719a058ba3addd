package dev.meshplane.transformer.bench;

import com.sun.management.ThreadMXBean;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.transformer.incremental.IncrementalMeshSynthesizer;
import dev.meshplane.transformer.reconcile.MeshSynthesizer;
import dev.meshplane.transformer.synth.resolve.MeshGraphResolver;
import dev.meshplane.transformer.reconcile.MeshSynthesizer.SynthesizedProxy;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Not a test: what the transformer spends on one mesh, single-threaded, in CPU time of the
 * synthesizing thread (synthesis, encoding and the content hash of every proxy, as the reconciler
 * needs them; no store I/O). Two meshes: the typical one (1,000 nodes, 10 backends each, 1–3
 * routes per router) and the 100-route one (the same with 100 routes per router, ~1M Envoy
 * routes per variant). For each: a cold full pass (a new synthesizer: nothing kept), a warm one
 * (the reconciler's periodic full pass over an unchanged mesh: its {@code SynthesisMemo} kept from
 * the last pass), and an incremental pass after one route changed ({@code
 * IncrementalMeshSynthesizer}, as the reconciler's change passes run). A third mesh, {@code push}
 * (the push benchmark's: 200 nodes, each calling a shared router and 9 others, 2 routes per
 * router), measures a change every proxy sees: a route of the shared router, synthesized, then
 * what the reconciler does before its first commit (the structural checks of every config about
 * to be written, and their {@code putAll} to a SQLite config store). Prints the
 * figures and writes them to the module's {@code target/benchmarks/synthesis.txt}; the command
 * is in the README ("Benchmarks"). Then, per mesh, {@code coldRounds} cold full passes in a row: the
 * first cold passes after a start also pay for compiling the code only they run (C2 is still at
 * it after ten passes here, hence 30). Run it with a fixed, pre-touched heap ({@code -Xms} =
 * {@code -Xmx}, {@code -XX:+AlwaysPreTouch}, as in the README): a growing heap's first touches
 * are page faults charged to the allocating thread as system time, which made passes of the same
 * code differ threefold.
 * Arguments: {@code meshes=typical,routes100,push rounds=N changes=N coldRounds=N}.
 */
public final class SynthesisBenchmark {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      String[] pair = arg.split("=", 2);
      options.put(pair[0], pair.length > 1 ? pair[1] : "");
    }
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
    int changes = Integer.parseInt(options.getOrDefault("changes", String.valueOf(rounds * 2)));
    int coldRounds = Integer.parseInt(options.getOrDefault("coldRounds", "30"));
    StringBuilder report = new StringBuilder();
    for (String mesh : options.getOrDefault("meshes", "typical,routes100").split(",")) {
      BenchmarkMesh shape = switch (mesh) {
        case "typical" -> new BenchmarkMesh(1000, 10, 1, 3, 11);
        case "routes100" -> new BenchmarkMesh(1000, 10, 100, 100, 11);
        case "push" -> new BenchmarkMesh(200, 10, 2, 2, 11, true);
        default -> throw new IllegalArgumentException("meshes: typical, routes100, push; not " + mesh);
      };
      if (shape.shared()) {
        runShared(mesh, shape, changes, report);
      } else {
        run(mesh, shape, rounds, changes, report);
        coldCompiled(mesh, shape, coldRounds, report);
      }
    }
    // The module's target/ (test-classes/..), whatever directory Maven was started from.
    Path out = Path.of(SynthesisBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .getParent().resolve("benchmarks/synthesis.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report.toString());
  }

  private static void run(String name, BenchmarkMesh shape, int rounds, int changes, StringBuilder report) {
    MeshSnapshot snapshot = shape.snapshot();
    MeshSynthesizer synthesizer = new IncrementalMeshSynthesizer();
    line(report, "%s mesh: %d nodes x %d backends, %d-%d routes per router, %d resources", name, shape.nodes(),
        shape.backends(), shape.minRoutes(), shape.maxRoutes(), snapshot.resources().size());
    Map<String, String> hashes = hashes(synthesizer.synthesizeFully(snapshot)); // warm-up
    for (int round = 1; round <= rounds; round++) {
      // Part of every full pass: parsing the specs and resolving the graph, before any synthesis.
      long allocated = THREADS.getCurrentThreadAllocatedBytes();
      long cpu = THREADS.getCurrentThreadCpuTime();
      new MeshGraphResolver().resolve(snapshot);
      line(report, "  resolving alone %d (parsing specs, MeshGraphResolver; part of every full pass): %d ms CPU,"
          + " %d MiB allocated", round,
          (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000_000,
          (THREADS.getCurrentThreadAllocatedBytes() - allocated) >> 20);
      Measured cold = measure(() -> new IncrementalMeshSynthesizer().synthesizeFully(snapshot));
      line(report, "  cold full pass %d: %s, %d proxies, %d MiB of payloads", round, cold, cold.proxies.size(),
          cold.payloadBytes() >> 20);
      Map<String, String> coldHashes = hashes(cold.proxies);
      cold = null;
      Measured warm = measure(() -> synthesizer.synthesizeFully(snapshot));
      line(report, "  warm full pass %d: %s, %d proxies, %d MiB of payloads, same hashes as cold: %s", round, warm,
          warm.proxies.size(), warm.payloadBytes() >> 20, hashes(warm.proxies).equals(coldHashes));
    }
    MeshSnapshot current = snapshot;
    for (int round = 1; round <= changes; round++) {
      MeshSnapshot changed = shape.withRouteChanged(current, round * 7 % shape.nodes(), "-v" + round);
      Measured pass = measure(() -> synthesizer.synthesize(changed));
      Map<String, String> next = hashes(pass.proxies);
      long moved = next.entrySet().stream().filter(e -> !e.getValue().equals(hashes.get(e.getKey()))).count();
      line(report, "  one-route change %d: %s, %d of %d proxies changed", round, pass, moved, next.size());
      hashes.clear();
      hashes.putAll(next);
      current = changed;
    }
  }

  /** Changes every proxy sees: synthesis, then the reconciler's checks and batch write of the changed configs. */
  private static void runShared(String name, BenchmarkMesh shape, int changes, StringBuilder report) throws Exception {
    MeshSnapshot snapshot = shape.snapshot();
    MeshSynthesizer synthesizer = new IncrementalMeshSynthesizer();
    line(report, "%s mesh: %d nodes x %d backends (one shared router), %d routes per router, %d resources", name,
        shape.nodes(), shape.backends(), shape.minRoutes(), snapshot.resources().size());
    Path dataDir = Files.createTempDirectory("synthesis-bench");
    try (SqliteConfigStore configs = SqliteConfigStore.open(dataDir)) {
      List<SynthesizedProxy> first = synthesizer.synthesizeFully(snapshot);
      configs.putAll(items(first, snapshot.generation()));
      Map<String, String> hashes = hashes(first);
      MeshSnapshot current = snapshot;
      // The first rounds warm the JIT up on these paths: read the last ones.
      for (int round = 1; round <= changes; round++) {
        MeshSnapshot changed = shape.withSharedRouteChanged(current, "-v" + round);
        Measured pass = measure(() -> synthesizer.synthesize(changed));
        List<SynthesizedProxy> moved = pass.proxies.stream()
            .filter(p -> !p.contentHash().equals(hashes.get(p.key()))).toList();
        long cpu = THREADS.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        int violations = moved.stream().mapToInt(p -> p.violations().get().size()).sum();
        long checkCpu = THREADS.getCurrentThreadCpuTime() - cpu;
        long checkWall = System.nanoTime() - wall;
        cpu = THREADS.getCurrentThreadCpuTime();
        wall = System.nanoTime();
        int written = configs.putAll(items(moved, changed.generation())).size();
        line(report, "  shared-route change %d: synthesis %s, %d of %d proxies changed; structural checks %d ms CPU"
                + " (%d ms wall), %d violations; putAll %d ms CPU (%d ms wall), %d items", round, pass, moved.size(),
            pass.proxies.size(), checkCpu / 1_000_000, checkWall / 1_000_000, violations,
            (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000_000, (System.nanoTime() - wall) / 1_000_000, written);
        hashes.clear();
        hashes.putAll(hashes(pass.proxies));
        current = changed;
      }
    }
  }

  private static List<ProxyConfigItem> items(List<SynthesizedProxy> proxies, long generation) {
    return proxies.stream().map(p -> new ProxyConfigItem(p.key(), BenchmarkMesh.MESH, generation, p.contentHash(),
        p.payload(), Instant.EPOCH)).toList();
  }

  /**
   * Cold full passes one after the other: the first ones after a start also pay for the JIT
   * compiling the code only a cold pass runs (2 cores shared with other work compile slowly), the
   * last ones show the pass itself. Prints each and the median of the last half.
   */
  private static void coldCompiled(String name, BenchmarkMesh shape, int coldRounds, StringBuilder report) {
    if (coldRounds <= 0) {
      return;
    }
    MeshSnapshot snapshot = shape.snapshot();
    List<Long> cpu = new java.util.ArrayList<>();
    StringBuilder each = new StringBuilder();
    for (int round = 1; round <= coldRounds; round++) {
      Measured cold = measure(() -> new IncrementalMeshSynthesizer().synthesizeFully(snapshot));
      cpu.add(cold.cpuMillis);
      each.append(round > 1 ? " " : "").append(cold.cpuMillis);
    }
    List<Long> lastHalf = new java.util.ArrayList<>(cpu.subList(coldRounds / 2, coldRounds));
    lastHalf.sort(null);
    line(report, "  %s: %d cold full passes in a row, ms CPU each: %s; median of the last %d: %d ms CPU", name,
        coldRounds, each, lastHalf.size(), lastHalf.get(lastHalf.size() / 2));
  }

  private static Map<String, String> hashes(List<SynthesizedProxy> proxies) {
    Map<String, String> hashes = new HashMap<>();
    proxies.forEach(p -> hashes.put(p.key(), p.contentHash()));
    return hashes;
  }

  private static Measured measure(java.util.function.Supplier<List<SynthesizedProxy>> pass) {
    long allocated = THREADS.getCurrentThreadAllocatedBytes();
    long cpu = THREADS.getCurrentThreadCpuTime();
    long wall = System.nanoTime();
    List<SynthesizedProxy> proxies = pass.get();
    // Every proxy carries its content hash (what the reconciler compares): made in the pass.
    proxies.forEach(SynthesizedProxy::contentHash);
    return new Measured(proxies, (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000_000,
        (System.nanoTime() - wall) / 1_000_000, (THREADS.getCurrentThreadAllocatedBytes() - allocated) >> 20);
  }

  private record Measured(List<SynthesizedProxy> proxies, long cpuMillis, long wallMillis, long allocatedMiB) {
    long payloadBytes() {
      return proxies.stream().mapToLong(p -> p.payload().length).sum();
    }

    @Override
    public String toString() {
      return String.format("%d ms CPU (%d ms wall), %d MiB allocated", cpuMillis, wallMillis, allocatedMiB);
    }
  }

  private static void line(StringBuilder report, String format, Object... args) {
    String line = String.format(format, args);
    System.out.println(line);
    report.append(line).append('\n');
  }
}
