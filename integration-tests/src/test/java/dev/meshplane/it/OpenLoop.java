package dev.meshplane.it;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * An open-loop load: request {@code i} is due at {@code start + i / rate}, whatever the answers
 * to earlier ones, and its latency runs from that due time, not from when it was sent, so a
 * server (or a client) that falls behind shows as latency rather than as fewer requests
 * (no coordinated omission). Calls are asynchronous: nothing waits for an answer before sending
 * the next. A call that starts more than {@link #LATE_NANOS} after its due time counts as late:
 * then the load generator, not the server, set the pace.
 */
final class OpenLoop {
  static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** What one run measured; latencies in {@code samples} (nanoseconds from each due time). */
  record Result(int scheduled, int succeeded, int failed, int late, long maxLateNanos, int maxInFlight,
      double achievedPerSecond, BenchReport.Samples samples) {}

  private OpenLoop() {}

  /**
   * Calls {@code call.apply(i)} at {@code rate} per second for {@code seconds}, then waits for
   * every answer; a call succeeds when its future completes with a 2xx status.
   */
  static Result run(int rate, int seconds, IntFunction<CompletableFuture<Integer>> call) {
    int total = rate * seconds;
    double periodNanos = 1e9 / rate;
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicInteger succeeded = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicLong lastAnswer = new AtomicLong();
    int maxInFlight = 0;
    int late = 0;
    long maxLate = 0;
    CompletableFuture<?>[] calls = new CompletableFuture<?>[total];
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long due = start + (long) (i * periodNanos);
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      long lateBy = System.nanoTime() - due;
      if (lateBy > LATE_NANOS) {
        late++;
      }
      maxLate = Math.max(maxLate, lateBy);
      maxInFlight = Math.max(maxInFlight, inFlight.incrementAndGet());
      CompletableFuture<Integer> answer;
      try {
        answer = call.apply(i);
      } catch (RuntimeException e) {
        answer = CompletableFuture.failedFuture(e);
      }
      calls[i] = answer.whenComplete((status, failure) -> {
        long now = System.nanoTime();
        inFlight.decrementAndGet();
        lastAnswer.accumulateAndGet(now, Math::max);
        if (failure == null && status / 100 == 2) {
          succeeded.incrementAndGet();
          latencies.add(now - due);
        } else {
          failed.incrementAndGet();
        }
      });
    }
    CompletableFuture.allOf(calls).exceptionally(failure -> null).join();
    BenchReport.Samples samples = new BenchReport.Samples();
    latencies.forEach(samples::add);
    double elapsed = (lastAnswer.get() - start) / 1e9;
    return new Result(total, succeeded.get(), failed.get(), late, maxLate, maxInFlight,
        succeeded.get() / elapsed, samples);
  }
}
