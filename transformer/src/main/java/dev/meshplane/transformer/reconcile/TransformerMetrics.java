package dev.meshplane.transformer.reconcile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/** The transformer's meters: what each reconcile pass took and did. Tags: pass kind and outcome only. */
public final class TransformerMetrics {
  private final MeterRegistry registry;
  private final Counter meshes;
  private final Counter written;
  private final Counter deleted;
  private final Counter refused;
  private final Counter invalid;
  private final Counter failedMeshes;

  public TransformerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.meshes = Counter.builder("meshplane.transformer.meshes.synthesized")
        .description("Meshes synthesized into proxy configs").register(registry);
    this.written = Counter.builder("meshplane.transformer.items.written")
        .description("Proxy config items written to the config store").register(registry);
    this.deleted = Counter.builder("meshplane.transformer.items.deleted")
        .description("Proxy config items deleted from the config store").register(registry);
    this.refused = Counter.builder("meshplane.transformer.items.refused")
        .description("Writes the config store refused as older than what it holds").register(registry);
    this.invalid = Counter.builder("meshplane.transformer.configs.invalid")
        .description("Synthesized proxy configs that failed the structural checks and were not stored").register(registry);
    this.failedMeshes = Counter.builder("meshplane.transformer.meshes.failed")
        .description("Meshes whose synthesis failed (their proxies keep their configs; retried next tick)")
        .register(registry);
  }

  void passed(Pass pass, Duration took, TickReport report) {
    timer(pass, "success").record(took);
    meshes.increment(report.meshesReconciled());
    written.increment(report.itemsWritten());
    deleted.increment(report.itemsDeleted());
    refused.increment(report.writesRefused());
    invalid.increment(report.configsInvalid());
    failedMeshes.increment(report.meshesFailed());
  }

  void failed(Pass pass, Duration took) {
    timer(pass, "failure").record(took);
    Counter.builder("meshplane.transformer.pass.failures")
        .description("Reconcile passes that failed (nothing written; retried next tick)")
        .tag("pass", pass.name().toLowerCase(Locale.ROOT)).register(registry).increment();
  }

  private Timer timer(Pass pass, String outcome) {
    return Timer.builder("meshplane.transformer.pass.duration")
        .description("Duration of a reconcile pass")
        .tag("pass", pass.name().toLowerCase(Locale.ROOT))
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .maximumExpectedValue(Duration.ofMinutes(1))
        .register(registry);
  }
}
