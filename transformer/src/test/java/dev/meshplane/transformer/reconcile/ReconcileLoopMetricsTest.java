package dev.meshplane.transformer.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.LocalBucketLeases;
import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import dev.meshplane.store.JdbcJournaledStore;
import dev.meshplane.store.JournaledStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop's passes move the transformer meters: durations, meshes, items, and failed passes. */
class ReconcileLoopMetricsTest {
  @TempDir Path dataDir;
  JournaledStore store;
  ConfigStore configs;
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @BeforeEach
  void open() {
    store = JdbcJournaledStore.sqlite(dataDir, Clock.systemUTC());
    configs = SqliteConfigStore.open(dataDir);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void passesWritesAndFailuresAreCounted() {
    Reconciler reconciler = new Reconciler(
        store, configs, new LocalBucketLeases(), new SpecDigestSynthesizer(), ReconcilerSettings.embedded());
    try (ReconcileLoop loop = new ReconcileLoop(reconciler, Duration.ofMillis(50), 10, registry)) {
      MeshWrites writes = new MeshWrites(store);
      writes.mesh("shop");
      writes.node("shop", "a", 80);
      writes.node("shop", "b", 81);
      loop.wake();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        assertThat(registry.get("meshplane.transformer.items.written").counter().count()).isEqualTo(2);
        assertThat(registry.get("meshplane.transformer.meshes.synthesized").counter().count()).isGreaterThanOrEqualTo(1);
        assertThat(registry.get("meshplane.transformer.pass.duration").tag("outcome", "success").timers())
            .allSatisfy(timer -> assertThat(timer.count()).isPositive());
      });

      // The config store goes away: passes fail, are counted, and write nothing.
      configs.close();
      writes.node("shop", "c", 82);
      loop.wake();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(registry.get("meshplane.transformer.pass.failures").counter().count()).isPositive());
      assertThat(registry.get("meshplane.transformer.items.written").counter().count()).isEqualTo(2);
      assertThat(registry.scrape()).contains("meshplane_transformer_pass_duration_seconds_bucket{");
    }
  }
}
