package dev.meshplane.it;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The garbage collector's and the JIT compiler's work in this JVM since a benchmark round began. */
final class RoundCosts {
  private final long[] collections;
  private final long[] collectionMillis;
  private final long jitMillis;
  private final long uptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();

  private RoundCosts() {
    List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    collections = new long[collectors.size()];
    collectionMillis = new long[collectors.size()];
    for (int i = 0; i < collectors.size(); i++) {
      collections[i] = collectors.get(i).getCollectionCount();
      collectionMillis[i] = collectors.get(i).getCollectionTime();
    }
    jitMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
  }

  static RoundCosts start() {
    return new RoundCosts();
  }

  /** Per collector, e.g. "G1 Young Generation 3x 41 ms"; the time is pauses for G1's young and mixed ones. */
  String gcSince() {
    List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < collectors.size(); i++) {
      long count = collectors.get(i).getCollectionCount() - collections[i];
      if (count > 0) {
        parts.add(String.format(Locale.ROOT, "%s %dx %d ms", collectors.get(i).getName(), count,
            collectors.get(i).getCollectionTime() - collectionMillis[i]));
      }
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  /** When the round began, in seconds since the JVM started (as GC and JIT logs count). */
  double uptimeSeconds() {
    return uptimeMillis / 1000.0;
  }

  /** Wall time the JIT's compiler threads spent compiling (on 2 cores it competes with the round). */
  long jitMillisSince() {
    return ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitMillis;
  }
}
