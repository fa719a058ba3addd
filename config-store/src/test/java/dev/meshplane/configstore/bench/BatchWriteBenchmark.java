package dev.meshplane.configstore.bench;

import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Not a test: one reconcile pass's writes to the SQLite config store (1,000 items of 23 KB, the
 * typical mesh's full pass), item by item ({@code put}, one commit and fsync each) and as one
 * batch ({@code putAll}, one transaction). Prints the figures and writes them to the module's
 * {@code target/benchmarks/config-writes.txt}. Arguments: {@code items=N bytes=N rounds=N}.
 */
public final class BatchWriteBenchmark {
  public static void main(String[] args) throws Exception {
    int items = 1000;
    int bytes = 23 * 1024;
    int rounds = 3;
    for (String arg : args) {
      String[] pair = arg.split("=", 2);
      switch (pair[0]) {
        case "items" -> items = Integer.parseInt(pair[1]);
        case "bytes" -> bytes = Integer.parseInt(pair[1]);
        case "rounds" -> rounds = Integer.parseInt(pair[1]);
        default -> throw new IllegalArgumentException("items= bytes= rounds=; not " + arg);
      }
    }
    Path dir = Files.createTempDirectory("config-writes");
    StringBuilder report = new StringBuilder(String.format("SQLite config store, %d items of %d bytes per pass%n",
        items, bytes));
    try (ConfigStore store = SqliteConfigStore.open(dir)) {
      long generation = 0;
      for (int round = 1; round <= rounds; round++) {
        List<ProxyConfigItem> pass = pass(items, bytes, ++generation);
        long start = System.nanoTime();
        pass.forEach(store::put);
        long each = (System.nanoTime() - start) / 1_000_000;
        pass = pass(items, bytes, ++generation);
        start = System.nanoTime();
        int written = store.putAll(pass).size();
        long batch = (System.nanoTime() - start) / 1_000_000;
        report.append(String.format("round %d: put one by one %d ms, putAll %d ms (%d written)%n",
            round, each, batch, written));
      }
    }
    System.out.print(report);
    Path out = Path.of(BatchWriteBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .getParent().resolve("benchmarks/config-writes.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report.toString());
  }

  private static List<ProxyConfigItem> pass(int items, int bytes, long generation) {
    Random random = new Random(generation);
    List<ProxyConfigItem> pass = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      byte[] payload = new byte[bytes];
      random.nextBytes(payload);
      pass.add(new ProxyConfigItem("mesh/bench/virtualNode/n" + i, "bench", generation, "hash-" + generation,
          payload, Instant.EPOCH));
    }
    return pass;
  }
}
