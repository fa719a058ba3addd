package dev.meshplane.envoy.status;

import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;

import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.configstore.ProxyStatusStore;
import dev.meshplane.configstore.sqlite.SqliteProxyStatusStore;
import dev.meshplane.envoy.actors.ConnectionManager;
import dev.meshplane.envoy.actors.ManifestManager;
import dev.meshplane.envoy.actors.StatusChanges;
import dev.meshplane.envoy.node.ProxyTarget;
import dev.meshplane.envoy.node.ProxyVariant;
import dev.meshplane.model.ResourceId;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Not a test: the CPU time and the bytes allocated by the thread running one publishing round in
 * which every entry changed (every stream was sent and ACKed a new version, every proxy serves a
 * new item), as after a change every proxy sees. The store is {@code memory} (counts the calls, so
 * the figures are the publisher's own) or {@code sqlite} (a fresh {@code configs.db}, whose JDBC and
 * SQLite work runs on the publishing thread too). Arguments (all optional):
 * {@code streams=1000 proxies=200 payloadKb=30 rounds=40 warmup=30 store=memory}. It sits beside
 * the publisher to call its (package-private) round directly. After {@code ./mvnw -o install -DskipTests}:
 * <pre>
 * ./mvnw -q -o -pl envoy-management test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   -Dexec.args="-Xmx1g -Xms1g -cp %classpath dev.meshplane.envoy.status.StatusPublishBenchmark rounds=200 warmup=50 store=sqlite"
 * </pre>
 */
public final class StatusPublishBenchmark {
  private static final String MESH = "bench";

  public static void main(String[] args) throws Exception {
    Map<String, String> arg = new HashMap<>();
    for (String a : args) {
      String[] kv = a.split("=", 2);
      arg.put(kv[0], kv[1]);
    }
    int streams = Integer.parseInt(arg.getOrDefault("streams", "1000"));
    int proxies = Integer.parseInt(arg.getOrDefault("proxies", "200"));
    int payloadBytes = Integer.parseInt(arg.getOrDefault("payloadKb", "30")) * 1024;
    int rounds = Integer.parseInt(arg.getOrDefault("rounds", "40"));
    int warmup = Integer.parseInt(arg.getOrDefault("warmup", "30"));
    String storeKind = arg.getOrDefault("store", "memory");

    Clock clock = Clock.systemUTC();
    List<ProxyTarget> targets = new ArrayList<>();
    for (int p = 0; p < proxies; p++) {
      targets.add(new ProxyTarget(ResourceId.of(MESH, VIRTUAL_NODE, "node-" + p), ProxyVariant.SIDECAR));
    }
    // Two items per proxy, served in turn: each round's item differs from the last round's.
    Random random = new Random(42);
    Map<ProxyTarget, ProxyConfigItem[]> items = new HashMap<>();
    for (ProxyTarget target : targets) {
      ProxyConfigItem[] pair = new ProxyConfigItem[2];
      for (int g = 0; g < 2; g++) {
        byte[] payload = new byte[payloadBytes];
        random.nextBytes(payload);
        pair[g] = new ProxyConfigItem(target.key(), MESH, g + 1, "hash-" + g, payload, clock.instant());
      }
      items.put(target, pair);
    }
    AtomicLong round = new AtomicLong();
    ActorSystem<ConnectionManager.Command> connections = ActorSystem.create(Behaviors.receiveMessage(command -> {
      if (command instanceof ConnectionManager.GetProxyStatus get) {
        ProxyConfigItem item = items.get(get.target())[(int) (round.get() % 2)];
        get.replyTo().tell(new ManifestManager.Status(item.generation(), Optional.of(item.contentHash()), Map.of(),
            Optional.of(Duration.ofMillis(40 + round.get())), Optional.of(item), Optional.of(clock.instant())));
      }
      return Behaviors.same();
    }), "status-publish-benchmark");

    ProxyStatusBoard board = new ProxyStatusBoard(clock);
    for (int s = 0; s < streams; s++) {
      ProxyTarget target = targets.get(s % proxies);
      board.opened(s, target, Node.newBuilder().setId(target.key()).setUserAgentName("envoy")
          .setUserAgentVersion("1.34.1").build());
    }
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger written = new AtomicInteger();
    Path dataDir = Files.createTempDirectory("status-bench-");
    ProxyStatusStore store = storeKind.equals("sqlite") ? counting(SqliteProxyStatusStore.open(dataDir), calls, written)
        : counting(null, calls, written);
    StatusChanges managerChanges = new StatusChanges();
    ProxyStatusPublisher publisher = new ProxyStatusPublisher(store, board, connections, managerChanges,
        ProxyStatusPublisher.Settings.defaults("em-bench"), clock);

    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    double[] cpuMs = new double[rounds];
    double[] allocMb = new double[rounds];
    int writesPerRound = 0;
    int callsPerRound = 0;
    for (int r = 0; r < warmup + rounds; r++) {
      round.set(r);
      for (int s = 0; s < streams; s++) {
        for (String typeUrl : StatusDocuments.TYPE_URLS.subList(0, 4)) {
          board.sent(s, typeUrl, "v" + r, 1000);
          board.acked(s, typeUrl, "v" + r);
        }
      }
      managerChanges.changed();
      calls.set(0);
      written.set(0);
      long cpu = threads.getCurrentThreadCpuTime();
      long allocated = threads.getThreadAllocatedBytes(self);
      publisher.publish();
      long cpuTaken = threads.getCurrentThreadCpuTime() - cpu;
      long allocatedTaken = threads.getThreadAllocatedBytes(self) - allocated;
      if (r >= warmup) {
        cpuMs[r - warmup] = cpuTaken / 1e6;
        allocMb[r - warmup] = allocatedTaken / 1e6;
        writesPerRound = written.get();
        callsPerRound = calls.get();
      }
    }
    System.out.printf("store=%s streams=%d proxies=%d payloadKb=%d rounds=%d (after %d warm-up)%n", storeKind, streams,
        proxies, payloadBytes / 1024, rounds, warmup);
    System.out.printf("entries written per round: %d in %d store calls (heartbeat included)%n", writesPerRound,
        callsPerRound);
    System.out.printf("CPU ms per round:       median %.1f  mean %.1f  min %.1f%n", median(cpuMs), mean(cpuMs),
        Arrays.stream(cpuMs).min().orElse(0));
    System.out.printf("allocated MB per round: median %.1f  mean %.1f%n", median(allocMb), mean(allocMb));
    connections.terminate();
    store.close();
  }

  /** {@code delegate} (none: a store that keeps nothing) counting its calls and the entries they write. */
  private static ProxyStatusStore counting(ProxyStatusStore delegate, AtomicInteger calls, AtomicInteger written) {
    // A dynamic proxy, so the one program runs against either version of the interface.
    return (ProxyStatusStore) Proxy.newProxyInstance(ProxyStatusStore.class.getClassLoader(),
        new Class<?>[] {ProxyStatusStore.class}, (self, method, methodArgs) -> {
          calls.incrementAndGet();
          if (method.getName().equals("put")) {
            written.incrementAndGet();
          } else if (method.getName().equals("putAll")) {
            written.addAndGet(((List<?>) methodArgs[0]).size());
          }
          if (delegate == null) {
            return method.getName().equals("listMesh") ? List.of() : null;
          }
          return method.invoke(delegate, methodArgs);
        });
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double mean(double[] values) {
    return Arrays.stream(values).average().orElse(0);
  }
}
