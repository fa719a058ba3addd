package dev.meshplane.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark's printed lines and figures, written to {@code integration-tests/target/benchmarks/NAME.txt}
 * and {@code .json}; latency samples summarized as p50/p99/max in milliseconds.
 */
final class BenchReport {
  private final String name;
  private final StringBuilder text = new StringBuilder();
  private final Map<String, Object> figures = new LinkedHashMap<>();

  BenchReport(String name) {
    this.name = name;
  }

  /** A benchmark's {@code name=integer} arguments. */
  static Map<String, Integer> arguments(String[] args) {
    Map<String, Integer> parsed = new LinkedHashMap<>();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("arguments are name=integer, got " + arg);
      }
      parsed.put(kv[0], Integer.parseInt(kv[1]));
    }
    return parsed;
  }

  void line(String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    text.append(line).append('\n');
    System.out.println(line);
  }

  void figure(String key, Object value) {
    figures.put(key, value);
  }

  /** Latency samples (nanoseconds) of one measure, across rounds. */
  static final class Samples {
    private final List<Long> nanos = new ArrayList<>();

    void add(long sample) {
      nanos.add(sample);
    }

    void addAll(Samples other) {
      nanos.addAll(other.nanos);
    }

    int count() {
      return nanos.size();
    }

    double millis(int percentile) {
      if (nanos.isEmpty()) {
        return Double.NaN;
      }
      long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(sorted);
      int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / (double) TimeUnit.MILLISECONDS.toNanos(1);
    }
  }

  /** One line of p50/p99/max, and the figures under {@code key}. */
  void latencies(String key, String label, Samples samples) {
    line("  %-58s n=%6d  p50 %8.1f ms  p99 %8.1f ms  max %8.1f ms", label, samples.count(),
        samples.millis(50), samples.millis(99), samples.millis(100));
    figure(key + ".p50ms", samples.millis(50));
    figure(key + ".p99ms", samples.millis(99));
    figure(key + ".maxms", samples.millis(100));
  }

  /** Writes the report under the module's target/benchmarks, whatever directory the JVM started in. */
  void write() throws IOException, java.net.URISyntaxException {
    // target/test-classes/.. = target
    Path dir = Path.of(BenchReport.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .getParent().resolve("benchmarks");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(name + ".txt"), text.toString());
    StringBuilder json = new StringBuilder("{\n");
    List<String> entries = new ArrayList<>();
    figures.forEach((k, v) -> entries.add("  \"" + k + "\": " + (v instanceof Double d
        ? (d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d))
        : v instanceof String s ? "\"" + s + "\"" : v)));
    json.append(String.join(",\n", entries)).append("\n}\n");
    Files.writeString(dir.resolve(name + ".json"), json.toString());
    System.out.println("written to " + dir.toAbsolutePath().resolve(name + ".txt"));
  }
}
