package dev.meshplane.k8s;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-object retry delays after a failed reconcile: doubling from {@code initial} up to {@code
 * max}, so an invalid object is retried rarely instead of on every pass; a new generation (the
 * user edited the spec) is tried at once.
 */
final class Backoff {

  private record Failures(long generation, int count, Instant next) {}

  private final Duration initial;
  private final Duration max;
  private final Clock clock;
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

  Backoff(Duration initial, Duration max, Clock clock) {
    this.initial = initial;
    this.max = max;
    this.clock = clock;
  }

  /** Whether the object may be tried now; counts the attempt when it may. */
  boolean mayTry(String uid, long generation) {
    Failures f = failures.get(uid);
    boolean may = f == null || f.generation() != generation || !clock.instant().isBefore(f.next());
    if (may) {
      attempts.merge(uid, 1, Integer::sum);
    }
    return may;
  }

  void failed(String uid, long generation) {
    failures.compute(uid, (k, f) -> {
      int count = f == null || f.generation() != generation ? 1 : f.count() + 1;
      long factor = 1L << Math.min(count - 1, 20);
      Duration delay = initial.multipliedBy(factor);
      return new Failures(generation, count, clock.instant().plus(delay.compareTo(max) > 0 ? max : delay));
    });
  }

  void succeeded(String uid) {
    failures.remove(uid);
  }

  void forget(String uid) {
    failures.remove(uid);
    attempts.remove(uid);
  }

  /** How often the object was tried: lets tests prove an invalid object causes no retry storm. */
  int attempts(String uid) {
    return attempts.getOrDefault(uid, 0);
  }
}
