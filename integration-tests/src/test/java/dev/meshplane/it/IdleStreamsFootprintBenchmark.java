package dev.meshplane.it;

import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionTimeoutException;
import software.amazon.awssdk.services.appmesh.AppMeshClient;

/**
 * What 10,000 idle, ACKed xDS streams cost the all-in-one server process (the runnable jar, as
 * {@code bin/meshplane server} starts it): resident memory, threads, Native Memory Tracking's
 * summary and CPU while idle (right after the streams connected, and once the JIT stopped
 * compiling what their burst made hot), with the xDS calls on gRPC's unbounded cached pool (as before) and on the bounded pool
 * ({@code meshplane.xds.executor-threads}), side by side in one run.
 *
 * <p>A program, not a test; see the README's "Benchmarks" for the command. Figures in
 * {@code integration-tests/target/benchmarks/idle-streams.txt}.
 */
public final class IdleStreamsFootprintBenchmark {
  private static final int STREAMS_PER_NODE = 50;
  private static final int CHANNELS = 50;
  private static final Duration IDLE_CPU_WINDOW = Duration.ofSeconds(20);
  /** USER_HZ of /proc/PID/stat: 100 on Linux for every architecture Java runs on here. */
  private static final int CLOCK_TICKS_PER_SECOND = 100;

  private final int streams;
  private final List<String> report = new ArrayList<>();

  private IdleStreamsFootprintBenchmark(int streams) {
    this.streams = streams;
  }

  public static void main(String[] args) throws Exception {
    int streams = 10_000;
    for (String arg : args) {
      if (arg.startsWith("streams=")) {
        streams = Integer.parseInt(arg.substring("streams=".length()));
      }
    }
    IdleStreamsFootprintBenchmark benchmark = new IdleStreamsFootprintBenchmark(streams);
    Map<String, List<String>> variants = new LinkedHashMap<>();
    variants.put("gRPC's unbounded executor", List.of("-Dmeshplane.xds.executor-threads=0"));
    variants.put("bounded executor (default)", List.of());
    Map<String, Long> rss = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
      rss.put(variant.getKey(), benchmark.measure(variant.getKey(), variant.getValue()));
    }
    List<Long> values = List.copyOf(rss.values());
    benchmark.line("RSS ratio, bounded / unbounded: %.2f", (double) values.get(1) / values.get(0));
    benchmark.write();
    System.exit(0);
  }

  /** Starts a server with {@code jvmOptions}, holds the streams open and idle, and returns its RSS in KiB. */
  private long measure(String name, List<String> jvmOptions) throws Exception {
    Path dataDir = Files.createTempDirectory("meshplane-footprint");
    List<String> options = new ArrayList<>(jvmOptions);
    options.add("-XX:NativeMemoryTracking=summary");
    line("== %s: %s", name, options);
    try (DurabilityServerProcess server = DurabilityServerProcess.start(dataDir, dataDir.resolve("server.log"), options)) {
      int nodes = (streams + STREAMS_PER_NODE - 1) / STREAMS_PER_NODE;
      createMesh(server.client(), nodes);
      awaitConfigs(server, nodes);
      List<ManagedChannel> channels = new ArrayList<>();
      for (int c = 0; c < CHANNELS; c++) {
        channels.add(NettyChannelBuilder.forAddress("127.0.0.1", server.xdsPort()).usePlaintext()
            .maxInboundMessageSize(16 << 20).build());
      }
      long start = System.nanoTime();
      CountDownLatch acked = new CountDownLatch(streams);
      for (int i = 0; i < streams; i++) {
        Node node = Node.newBuilder().setId("mesh/footprint/virtualNode/n" + (i % nodes)).setUserAgentName("envoy").build();
        new IdleProxy(channels.get(i % CHANNELS), node, acked).start();
      }
      if (!acked.await(5, TimeUnit.MINUTES)) {
        throw new AssertionError(acked.getCount() + " streams got no CDS and LDS within 5 minutes:\n" + server.logText());
      }
      line("%d streams ACKed CDS and LDS in %d ms", streams, (System.nanoTime() - start) / 1_000_000);
      // Idle: collect the burst's garbage, then read RSS once it stops moving, as a long-running server's would.
      jcmd(server.pid(), "GC.run");
      long rss = settledRssKiB(server.pid());
      line("RSS %d MiB, %d threads", rss >> 10, statusKiB(server.pid(), "Threads"));
      // What idling costs: the server's periodic work (status publishing, config polls, endpoint refreshes, passes).
      double cpuMillisPerSecond = idleCpuMillisPerSecond(server.pid());
      line("idle CPU over %.0f s: %.0f ms per s (%.1f%% of one core)", (double) IDLE_CPU_WINDOW.toSeconds(),
          cpuMillisPerSecond, cpuMillisPerSecond / 10);
      // The window above starts right after the burst, while the JIT still compiles what the burst
      // made hot (most of its CPU): measured again once compilation is quiet, it is the idle cost alone.
      long settleStart = System.nanoTime();
      boolean settled = awaitCompilationSettled(server.pid());
      double settledCpu = idleCpuMillisPerSecond(server.pid());
      line("idle CPU once compilation %s (after %d s more): %.0f ms per s (%.1f%% of one core)",
          settled ? "settled" : "had not settled", (System.nanoTime() - settleStart) / 1_000_000_000, settledCpu,
          settledCpu / 10);
      for (String summaryLine : jcmd(server.pid(), "VM.native_memory", "summary").split("\n")) {
        if (summaryLine.startsWith("Total") || summaryLine.matches("^-\\s+\\S.*\\(reserved=.*")) {
          line("  %s", summaryLine.strip());
        }
      }
      channels.forEach(ManagedChannel::shutdownNow);
      return rss;
    }
  }

  /** The process's CPU time over {@link #IDLE_CPU_WINDOW}, per second. */
  private static double idleCpuMillisPerSecond(long pid) throws IOException, InterruptedException {
    long cpuBefore = cpuTicks(pid);
    long start = System.nanoTime();
    Thread.sleep(IDLE_CPU_WINDOW.toMillis());
    double seconds = (System.nanoTime() - start) / 1e9;
    return (cpuTicks(pid) - cpuBefore) * 1000.0 / CLOCK_TICKS_PER_SECOND / seconds;
  }

  /**
   * Until the JIT compiled for less than a tenth of a 5 s window ({@code java.ci.totalTime}), at
   * most 2 minutes; false when it had not by then.
   */
  private static boolean awaitCompilationSettled(long pid) {
    AtomicLong last = new AtomicLong(-1);
    try {
      await().pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(5)).atMost(Duration.ofMinutes(2)).until(() -> {
        long now = compilationNanos(pid);
        long before = last.getAndSet(now);
        return before >= 0 && now - before < Duration.ofMillis(500).toNanos();
      });
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }

  /** Time the JIT spent compiling so far (jcmd PerfCounter.print), in nanoseconds. */
  private static long compilationNanos(long pid) throws IOException, InterruptedException {
    long ticks = -1;
    long frequency = -1;
    for (String counter : jcmd(pid, "PerfCounter.print").split("\n")) {
      if (counter.startsWith("java.ci.totalTime=")) {
        ticks = Long.parseLong(counter.substring(counter.indexOf('=') + 1).strip());
      } else if (counter.startsWith("sun.os.hrt.frequency=")) {
        frequency = Long.parseLong(counter.substring(counter.indexOf('=') + 1).strip());
      }
    }
    if (ticks < 0 || frequency <= 0) {
      throw new IllegalStateException("no JIT compilation counters for pid " + pid);
    }
    return (long) (ticks * (1e9 / frequency));
  }

  private static void createMesh(AppMeshClient client, int nodes) {
    client.createMesh(r -> r.meshName("footprint"));
    for (int n = 0; n < nodes; n++) {
      int index = n;
      client.createVirtualNode(r -> r.meshName("footprint").virtualNodeName("n" + index).spec(spec -> spec
          .listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))
          .serviceDiscovery(d -> d.dns(dns -> dns.hostname("n" + index + ".footprint.local")))));
    }
  }

  /** Until the transformer has written the last node's config: a stream is admitted only then. */
  private static void awaitConfigs(DurabilityServerProcess server, int nodes) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    Node last = Node.newBuilder().setId("mesh/footprint/virtualNode/n" + (nodes - 1)).setUserAgentName("envoy").build();
    while (System.nanoTime() < deadline) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.xdsPort()).usePlaintext().build();
      try {
        CountDownLatch one = new CountDownLatch(1);
        new IdleProxy(channel, last, one).start();
        if (one.await(2, TimeUnit.SECONDS)) {
          return;
        }
      } finally {
        channel.shutdownNow();
      }
    }
    throw new AssertionError("no config for " + last.getId() + " within 2 minutes");
  }

  /** One Envoy-like stream: asks for all clusters and listeners, ACKs each response, then stays idle. */
  private static final class IdleProxy implements StreamObserver<DiscoveryResponse> {
    private final ManagedChannel channel;
    private final Node node;
    private final CountDownLatch acked;
    private StreamObserver<DiscoveryRequest> requests;
    private boolean cds;
    private boolean lds;

    IdleProxy(ManagedChannel channel, Node node, CountDownLatch acked) {
      this.channel = channel;
      this.node = node;
      this.acked = acked;
    }

    void start() {
      requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(this);
      requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(CLUSTER_TYPE_URL).build());
      requests.onNext(DiscoveryRequest.newBuilder().setTypeUrl(LISTENER_TYPE_URL).build());
    }

    @Override
    public synchronized void onNext(DiscoveryResponse response) {
      requests.onNext(DiscoveryRequest.newBuilder().setTypeUrl(response.getTypeUrl())
          .setVersionInfo(response.getVersionInfo()).setResponseNonce(response.getNonce()).build());
      boolean before = cds && lds;
      cds |= response.getTypeUrl().equals(CLUSTER_TYPE_URL);
      lds |= response.getTypeUrl().equals(LISTENER_TYPE_URL);
      if (!before && cds && lds) {
        acked.countDown();
      }
    }

    @Override
    public void onError(Throwable t) {
      System.err.println(node.getId() + ": " + t);
    }

    @Override
    public void onCompleted() {}
  }

  /** VmRSS once two reads half a second apart differ by less than 1 MiB (at most 30 s). */
  private static long settledRssKiB(long pid) {
    AtomicLong last = new AtomicLong(-1);
    await().pollInterval(Duration.ofMillis(500)).atMost(Duration.ofSeconds(30)).until(() -> {
      long now = statusKiB(pid, "VmRSS");
      return Math.abs(now - last.getAndSet(now)) < 1024;
    });
    return last.get();
  }

  /** User plus system CPU time of the process so far, in clock ticks (/proc/PID/stat, fields 14 and 15). */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** A number from /proc/PID/status (VmRSS in KiB, Threads). */
  private static long statusKiB(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no " + field + " for pid " + pid);
  }

  private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>();
    args.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    args.add(Long.toString(pid));
    args.addAll(List.of(command));
    Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  private void line(String format, Object... args) {
    String text = String.format(format, args);
    System.out.println(text);
    report.add(text);
  }

  private void write() throws IOException {
    Path module = Files.isDirectory(Path.of("integration-tests")) ? Path.of("integration-tests") : Path.of(".");
    Path out = module.resolve("target/benchmarks/idle-streams.txt").normalize();
    Files.createDirectories(out.getParent());
    Files.writeString(out, String.join("\n", report) + "\n");
    System.out.println("written to " + out.toAbsolutePath());
  }
}
