package dev.meshplane.it;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The garbage collector's and the JIT compiler's work so far in this JVM, to tell what a window of a round cost. */
final class RoundCosts {
  private final List<String> names = new ArrayList<>();
  private final long[] collections;
  private final long[] collectionMillis;
  private final long jitMillis;
  private final long uptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();

  private RoundCosts() {
    List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    collections = new long[collectors.size()];
    collectionMillis = new long[collectors.size()];
    for (int i = 0; i < collectors.size(); i++) {
      names.add(collectors.get(i).getName());
      collections[i] = collectors.get(i).getCollectionCount();
      collectionMillis[i] = collectors.get(i).getCollectionTime();
    }
    jitMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
  }

  static RoundCosts now() {
    return new RoundCosts();
  }

  /** When this was taken, in seconds since the JVM started (as GC and JIT logs count). */
  double uptimeSeconds() {
    return uptimeMillis / 1000.0;
  }

  /** Collections from this to {@code end}, e.g. "G1 Young Generation 1x 41 ms" (pause time for G1's young ones). */
  String gcUntil(RoundCosts end) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      long count = end.collections[i] - collections[i];
      if (count > 0) {
        parts.add(String.format(Locale.ROOT, "%s %dx %d ms", names.get(i), count,
            end.collectionMillis[i] - collectionMillis[i]));
      }
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  /** Time the JIT's compiler threads spent compiling from this to {@code end} (on 2 cores it competes with the round). */
  long jitMillisUntil(RoundCosts end) {
    return end.jitMillis - jitMillis;
  }
}
