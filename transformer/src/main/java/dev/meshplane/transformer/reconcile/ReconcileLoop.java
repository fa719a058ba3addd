package dev.meshplane.transformer.reconcile;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a {@link Reconciler}: a tick every {@code interval}, a full pass every
 * {@code fullPassEvery} ticks, and an early tick when {@link #wake()} is called (a journal commit
 * is a hint, never the source of truth). A failing tick is logged and retried on the next one;
 * it writes nothing, so proxies keep their last configs.
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
  private volatile boolean firstPassCompleted;
  private long ticks;

  public ReconcileLoop(Reconciler reconciler, Duration interval, int fullPassEvery) {
    this(reconciler, interval, fullPassEvery, new SimpleMeterRegistry());
  }

  /** Measured into {@code registry} (see {@link TransformerMetrics}). */
  public ReconcileLoop(Reconciler reconciler, Duration interval, int fullPassEvery, MeterRegistry registry) {
    this.metrics = new TransformerMetrics(registry);
    this.reconciler = reconciler;
    this.fullPassEvery = fullPassEvery;
    executor.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Asks for a tick soon; many wakes before it runs make one tick. */
  public void wake() {
    if (wakePending.compareAndSet(false, true)) {
      executor.execute(this::tick);
    }
  }

  private void tick() {
    wakePending.set(false);
    Pass pass = ticks++ % fullPassEvery == 0 ? Pass.FULL : Pass.CHANGED;
    long started = System.nanoTime();
    try {
      TickReport report = reconciler.tick(pass);
      metrics.passed(pass, Duration.ofNanos(System.nanoTime() - started), report);
      firstPassCompleted = true;
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
