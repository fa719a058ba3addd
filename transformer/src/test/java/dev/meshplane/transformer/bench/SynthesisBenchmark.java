package dev.meshplane.transformer.bench;

import com.sun.management.ThreadMXBean;
import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.transformer.incremental.IncrementalMeshSynthesizer;
import dev.meshplane.transformer.reconcile.MeshSynthesizer;
import dev.meshplane.transformer.synth.resolve.MeshGraphResolver;
import dev.meshplane.transformer.reconcile.MeshSynthesizer.SynthesizedProxy;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * IncrementalMeshSynthesizer}, as the reconciler's change passes run). Prints the
 * figures and writes them to the module's {@code target/benchmarks/synthesis.txt}; the command
 * is in the README ("Benchmarks"). Then, per mesh, {@code coldRounds} cold full passes in a row: the
 * first cold passes after a start also pay for compiling the code only they run.
 * Arguments: {@code meshes=typical,routes100 rounds=N changes=N coldRounds=N}.
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
    int coldRounds = Integer.parseInt(options.getOrDefault("coldRounds", "10"));
    StringBuilder report = new StringBuilder();
    for (String mesh : options.getOrDefault("meshes", "typical,routes100").split(",")) {
      BenchmarkMesh shape = switch (mesh) {
        case "typical" -> new BenchmarkMesh(1000, 10, 1, 3, 11);
        case "routes100" -> new BenchmarkMesh(1000, 10, 100, 100, 11);
        default -> throw new IllegalArgumentException("meshes: typical, routes100; not " + mesh);
      };
      run(mesh, shape, rounds, changes, report);
      coldCompiled(mesh, shape, coldRounds, report);
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
