package dev.meshplane.it;

import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ProxyConfigVersion;
import dev.meshplane.launcher.Main;
import dev.meshplane.store.JournaledStore;
import dev.meshplane.store.PostgresFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine;
import software.amazon.awssdk.services.appmesh.AppMeshClient;

/**
 * Recovery figures for a mesh of 1,000 virtual nodes, on SQLite and on PostgreSQL: how long an
 * online backup takes and how big it is (what bounds the RPO of periodic backups), and the RTO of
 * restoring it: restore into an empty store, server start, and the transformer's rebuild of every
 * proxy config (identical content hashes to the original's).
 *
 * <p>A program, not a test; see the README's "Benchmarks" for the command. Figures in
 * {@code integration-tests/target/benchmarks/backup-restore.txt}.
 */
public final class BackupRestoreBenchmark {
  private static final String MESH = "big";
  private static final int SERVICES = 50;

  private final int nodes;
  private final Path work;
  private final List<String> report = new ArrayList<>();

  private BackupRestoreBenchmark(int nodes, Path work) {
    this.nodes = nodes;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    int nodes = 1_000;
    for (String arg : args) {
      if (arg.startsWith("nodes=")) {
        nodes = Integer.parseInt(arg.substring("nodes=".length()));
      }
    }
    BackupRestoreBenchmark benchmark = new BackupRestoreBenchmark(nodes, Files.createTempDirectory("meshplane-backup-bench"));
    benchmark.run("SQLite", () -> null);
    benchmark.run("PostgreSQL", PostgresFixture::database);
    Path out = Path.of("target/benchmarks/backup-restore.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, String.join("\n", benchmark.report) + "\n", StandardCharsets.UTF_8);
    System.out.println(String.join("\n", benchmark.report));
    System.exit(0);
  }

  private interface Database {
    String create() throws Exception;
  }

  private void run(String name, Database database) throws Exception {
    String sourceUrl = database.create();
    Path sourceDir = work.resolve(name + "-source");
    Path file = work.resolve(name + ".backup");
    Map<String, String> original;
    long backupMillis;
    try (RunningServer server = start(sourceUrl, sourceDir); AppMeshClient appMesh = server.client()) {
      long built = System.nanoTime();
      build(appMesh);
      original = awaitConfigs(server, null);
      line("%s: %d virtual nodes, %d services built and synthesized in %d ms (%d journal entries)", name, nodes,
          SERVICES, millisSince(built), server.bean(JournaledStore.class).journalAfter(0, 1_000_000).size());
      long started = System.nanoTime();
      exec(store(sourceUrl, sourceDir, "backup", "--to", file.toString()));
      backupMillis = millisSince(started);
    }
    line("%s: online backup %d ms, %d KiB", name, backupMillis, Files.size(file) / 1024);

    String targetUrl = database.create();
    Path targetDir = work.resolve(name + "-target");
    long restoreStarted = System.nanoTime();
    exec(store(targetUrl, targetDir, "restore", "--from", file.toString()));
    long restoreMillis = millisSince(restoreStarted);
    long startStarted = System.nanoTime();
    try (RunningServer server = start(targetUrl, targetDir)) {
      long startMillis = millisSince(startStarted);
      long rebuildStarted = System.nanoTime();
      awaitConfigs(server, original);
      long rebuildMillis = millisSince(rebuildStarted);
      line("%s: restore %d ms + server start %d ms + every proxy config rebuilt (identical hashes) %d ms = RTO %d ms",
          name, restoreMillis, startMillis, rebuildMillis, restoreMillis + startMillis + rebuildMillis);
    }
  }

  private RunningServer start(String url, Path dir) {
    return url == null
        ? RunningServer.onSqlite(dir)
        : RunningServer.onPostgres(url, PostgresFixture.USER, PostgresFixture.PASSWORD, dir);
  }

  private static String[] store(String url, Path dir, String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    if (url == null) {
      args.addAll(List.of("--data-dir", dir.toString()));
    } else {
      args.addAll(List.of("--postgres-url", url, "--postgres-user", PostgresFixture.USER,
          "--postgres-password", PostgresFixture.PASSWORD));
    }
    return args.toArray(String[]::new);
  }

  /** Services behind routers, each node serving one service and calling two others. */
  private void build(AppMeshClient appMesh) throws Exception {
    appMesh.createMesh(r -> r.meshName(MESH));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      parallel(pool, SERVICES, i -> {
        appMesh.createVirtualRouter(r -> r.meshName(MESH).virtualRouterName("router-" + i)
            .spec(s -> s.listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))));
        appMesh.createVirtualService(r -> r.meshName(MESH).virtualServiceName("svc-" + i + ".local")
            .spec(s -> s.provider(p -> p.virtualRouter(v -> v.virtualRouterName("router-" + i)))));
        return null;
      });
      parallel(pool, nodes, i -> {
        appMesh.createVirtualNode(r -> r.meshName(MESH).virtualNodeName("node-" + i).spec(s -> s
            .listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))
            .serviceDiscovery(d -> d.dns(dns -> dns.hostname("node-" + i + ".local")))
            .backends(b -> b.virtualService(v -> v.virtualServiceName("svc-" + (i + 1) % SERVICES + ".local")),
                b -> b.virtualService(v -> v.virtualServiceName("svc-" + (i + 7) % SERVICES + ".local")))));
        return null;
      });
      parallel(pool, SERVICES, i -> {
        appMesh.createRoute(r -> r.meshName(MESH).virtualRouterName("router-" + i).routeName("all")
            .spec(s -> s.httpRoute(h -> h.match(m -> m.prefix("/")).action(a -> a.weightedTargets(
                t -> t.virtualNode("node-" + i).weight(50),
                t -> t.virtualNode("node-" + (i + SERVICES)).weight(50))))));
        return null;
      });
    } finally {
      pool.shutdown();
    }
  }

  private static void parallel(ExecutorService pool, int count, Function<Integer, Void> task) throws Exception {
    List<Future<Void>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int index = i;
      futures.add(pool.submit(() -> task.apply(index)));
    }
    for (Future<Void> future : futures) {
      future.get();
    }
  }

  /** Waits until every node has a stored config (equal to {@code expected}'s hashes when given) and stays. */
  private Map<String, String> awaitConfigs(RunningServer server, Map<String, String> expected) throws Exception {
    ConfigStore configs = server.bean(ConfigStore.class);
    long deadline = System.nanoTime() + 600_000_000_000L;
    Map<String, String> last = Map.of();
    int unchanged = 0;
    while (System.nanoTime() < deadline) {
      Map<String, String> hashes = configs.listMeshVersions(MESH).stream()
          .collect(Collectors.toMap(ProxyConfigVersion::key, ProxyConfigVersion::contentHash, (a, b) -> a, TreeMap::new));
      // the original counts as settled once its configs stayed the same for five seconds
      unchanged = hashes.size() >= nodes && hashes.equals(last) ? unchanged + 1 : 0;
      boolean done = expected == null ? unchanged == 5 : hashes.equals(expected);
      if (done) {
        return hashes;
      }
      last = hashes;
      Thread.sleep(expected == null ? 1_000 : 20);
    }
    Map<String, String> stale = last;
    long differing = expected == null ? -1
        : expected.entrySet().stream().filter(e -> !e.getValue().equals(stale.get(e.getKey()))).count();
    throw new IllegalStateException("proxy configs did not settle: " + last.size() + " of " + nodes
        + (differing < 0 ? "" : ", " + differing + " differ from the original's"));
  }

  private static void exec(String[] args) {
    int exit = new CommandLine(new Main()).execute(args);
    if (exit != 0) {
      throw new IllegalStateException("meshplane " + String.join(" ", args) + " exited with " + exit);
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private void line(String format, Object... args) {
    String line = String.format(format, args);
    report.add(line);
    System.out.println(line);
  }
}
