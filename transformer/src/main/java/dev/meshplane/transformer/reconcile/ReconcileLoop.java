package dev.meshplane.transformer.reconcile;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a {@link Reconciler}: a tick every {@code interval}, a full pass every
 * {@code fullPassEvery} of these, and an early tick when {@link #wake()} is called (a journal
 * commit is a hint, never the source of truth). An early tick starts as soon as the loop is free
 * (no delay: wakes that arrive while a tick runs make one tick after it, which takes every change
 * since) and is always a change pass, so a burst of writes neither brings full passes sooner nor
 * waits behind them more often. A failing tick is logged and retried on the next one; it writes
 * nothing, so proxies keep their last configs.
 */
public final class ReconcileLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);

  private final Reconciler reconciler;
  private final int fullPassEvery;
  private final TransformerMetrics metrics;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "meshplane-transformer");
        thread.setDaemon(true);
        return thread;
      });
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private final List<Consumer<CompletedPass>> passListeners = new CopyOnWriteArrayList<>();
  private volatile boolean firstPassCompleted;
  private long scheduledTicks;

  public ReconcileLoop(Reconciler reconciler, Duration interval, int fullPassEvery) {
    this(reconciler, interval, fullPassEvery, new SimpleMeterRegistry());
  }

  /** Measured into {@code registry} (see {@link TransformerMetrics}). */
  public ReconcileLoop(Reconciler reconciler, Duration interval, int fullPassEvery, MeterRegistry registry) {
    this.metrics = new TransformerMetrics(registry);
    this.reconciler = reconciler;
    this.fullPassEvery = fullPassEvery;
    executor.scheduleWithFixedDelay(this::scheduledTick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Asks for a tick soon; many wakes before it runs make one tick. */
  public void wake() {
    if (wakePending.compareAndSet(false, true)) {
      executor.execute(() -> tick(Pass.CHANGED));
    }
  }

  /** Calls {@code listener} after each tick that did not fail, on the loop's thread (keep it short). */
  public AutoCloseable onPass(Consumer<CompletedPass> listener) {
    passListeners.add(listener);
    return () -> passListeners.remove(listener);
  }

  /**
   * One tick that completed: when it started and ended ({@link System#nanoTime()}), and its report.
   */
  public record CompletedPass(Pass pass, long startedNanos, long finishedNanos, TickReport report) {}

  private void scheduledTick() {
    tick(scheduledTicks++ % fullPassEvery == 0 ? Pass.FULL : Pass.CHANGED);
  }

  private void tick(Pass pass) {
    wakePending.set(false);
    long started = System.nanoTime();
    try {
      TickReport report = reconciler.tick(pass);
      long finished = System.nanoTime();
      metrics.passed(pass, Duration.ofNanos(finished - started), report);
      firstPassCompleted = true;
      CompletedPass completed = new CompletedPass(pass, started, finished, report);
      passListeners.forEach(listener -> listener.accept(completed));
      if (report.itemsWritten() + report.itemsDeleted() > 0) {
        LOG.info("{} pass: {} meshes, {} configs written, {} deleted, {} refused as older",
            pass, report.meshesReconciled(), report.itemsWritten(), report.itemsDeleted(), report.writesRefused());
      }
    } catch (RuntimeException | LinkageError e) {
      metrics.failed(pass, Duration.ofNanos(System.nanoTime() - started));
      // Caught so the schedule survives: an escaping throwable would cancel every later tick.
      LOG.warn("transformer tick failed; proxies keep their configs, retrying next tick", e);
    }
  }

  /**
   * Whether a pass (the first is full) has completed: until then the config store may lack or hold
   * stale configs for what the journal holds (readiness).
   */
  public boolean firstPassCompleted() {
    return firstPassCompleted;
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
      reconciler.release();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("could not release transformer buckets; they expire on their own", e);
    }
  }
}
