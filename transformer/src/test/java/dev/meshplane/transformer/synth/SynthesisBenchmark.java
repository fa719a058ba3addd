package dev.meshplane.transformer.synth;

import com.sun.management.ThreadMXBean;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.store.StoredResource;
import dev.meshplane.transformer.synth.resolve.MeshGraph;
import dev.meshplane.transformer.synth.resolve.MeshGraphResolver;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: synthesizes a 1,000-node mesh (10 backends each, every backend a service behind a
 * 100-route router) single-threaded, prints time and allocation, and writes them to
 * the module's {@code target/benchmarks/synthesis.txt}. The command is in the README ("Benchmarks").
 */
public final class SynthesisBenchmark {
  private static final int NODES = 1000;
  private static final int BACKENDS = 10;
  private static final int ROUTES = 100;
  private static final int ROUNDS = 5;

  public static void main(String[] args) throws Exception {
    MeshSnapshot snapshot = mesh();
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    synthesize(snapshot); // warm-up
    StringBuilder report = new StringBuilder();
    report.append(String.format("mesh: %d nodes x %d backends, %d-route routers, %d resources%n",
        NODES, BACKENDS, ROUTES, snapshot.resources().size()));
    for (int round = 1; round <= ROUNDS; round++) {
      long bytes = threads.getThreadAllocatedBytes(tid);
      long start = System.nanoTime();
      int resources = synthesize(snapshot);
      long millis = (System.nanoTime() - start) / 1_000_000;
      long allocated = threads.getThreadAllocatedBytes(tid) - bytes;
      report.append(String.format("round %d: %d ms, %d MiB allocated, %d xDS resources%n",
          round, millis, allocated >> 20, resources));
    }
    System.out.print(report);
    // The module's target/ (test-classes/..), whatever directory Maven was started from.
    Path out = Path.of(SynthesisBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .getParent().resolve("benchmarks/synthesis.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report.toString());
  }

  private static int synthesize(MeshSnapshot snapshot) {
    MeshGraph graph = new MeshGraphResolver().resolve(snapshot);
    int count = 0;
    for (ProxyConfig c : new ProxyConfigSynthesizer().synthesize(graph, ProxyKind.SIDECAR)) {
      count += c.listeners().size() + c.routeConfigurations().size() + c.clusters().size()
          + c.clusterLoadAssignments().size();
    }
    return count;
  }

  /** Node i calls services (i+1..i+10) mod 1000; service j is router j whose 100 routes split over nodes j and j+1. */
  private static MeshSnapshot mesh() {
    String mesh = "bench";
    List<StoredResource> resources = new ArrayList<>();
    resources.add(GoldenScenario.stored(ResourceId.mesh(mesh), "{}"));
    for (int i = 0; i < NODES; i++) {
      StringBuilder backends = new StringBuilder();
      for (int b = 1; b <= BACKENDS; b++) {
        backends.append(b > 1 ? "," : "")
            .append("{\"virtualService\":{\"virtualServiceName\":\"svc-").append((i + b) % NODES).append(".local\"}}");
      }
      resources.add(GoldenScenario.stored(ResourceId.of(mesh, ResourceKind.VIRTUAL_NODE, "node-" + i),
          "{\"listeners\":[{\"portMapping\":{\"port\":8080,\"protocol\":\"http\"}}],"
              + "\"serviceDiscovery\":{\"dns\":{\"hostname\":\"node-" + i + ".local\"}},"
              + "\"backends\":[" + backends + "]}"));
      resources.add(GoldenScenario.stored(ResourceId.of(mesh, ResourceKind.VIRTUAL_ROUTER, "router-" + i),
          "{\"listeners\":[{\"portMapping\":{\"port\":8080,\"protocol\":\"http\"}}]}"));
      resources.add(GoldenScenario.stored(ResourceId.of(mesh, ResourceKind.VIRTUAL_SERVICE, "svc-" + i + ".local"),
          "{\"provider\":{\"virtualRouter\":{\"virtualRouterName\":\"router-" + i + "\"}}}"));
      for (int r = 0; r < ROUTES; r++) {
        resources.add(GoldenScenario.stored(
            ResourceId.child(mesh, ResourceKind.ROUTE, "router-" + i, "route-" + r),
            "{\"priority\":" + r + ",\"httpRoute\":{\"match\":{\"prefix\":\"/p" + r + "\","
                + "\"headers\":[{\"name\":\"x-r\",\"match\":{\"exact\":\"" + r + "\"}}]},"
                + "\"action\":{\"weightedTargets\":[{\"virtualNode\":\"node-" + i + "\",\"weight\":90},"
                + "{\"virtualNode\":\"node-" + ((i + 1) % NODES) + "\",\"weight\":10}]}}}"));
      }
    }
    return new MeshSnapshot(mesh, 1, Instant.EPOCH, 1, resources);
  }
}
