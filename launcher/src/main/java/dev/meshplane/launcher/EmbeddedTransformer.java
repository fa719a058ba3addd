package dev.meshplane.launcher;

import dev.meshplane.configstore.ConfigChanges;
import dev.meshplane.configstore.LocalBucketLeases;
import dev.meshplane.frontend.api.WriteNotifier;
import dev.meshplane.store.JournaledStore;
import dev.meshplane.transformer.incremental.IncrementalMeshSynthesizer;
import dev.meshplane.transformer.reconcile.ReconcileLoop;
import dev.meshplane.transformer.reconcile.Reconciler;
import dev.meshplane.transformer.reconcile.ReconcilerSettings;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;

/**
 * The transformer of the all-in-one server: the one local worker owns every bucket, ticks at once
 * after each acknowledged API write and every second over changed meshes, and makes a full
 * (self-healing) pass every minute.
 */
public final class EmbeddedTransformer {
  static final Duration TICK = Duration.ofSeconds(1);
  static final int FULL_PASS_EVERY = 60;

  private EmbeddedTransformer() {}

  public static ReconcileLoop start(ApplicationContext context) {
    return start(context, new ConfigChanges());
  }

  /** Each config item the transformer writes publishes its mesh on {@code changes} (the xDS side's wake-up). */
  public static ReconcileLoop start(ApplicationContext context, ConfigChanges changes) {
    Reconciler reconciler = new Reconciler(
        context.getBean(JournaledStore.class),
        ConfigChangeHints.notifying(context, changes),
        new LocalBucketLeases(),
        new IncrementalMeshSynthesizer(SdsSourceSetting.synthesisOptions(context.getEnvironment())),
        ReconcilerSettings.embedded());
    ReconcileLoop loop = new ReconcileLoop(reconciler, TICK, FULL_PASS_EVERY, ProcessMetrics.of(context));
    context.getBean(WriteNotifier.class).subscribe(loop::wake);
    ReadinessParts.of(context).register(ReadinessParts.TRANSFORMER, ReadinessParts.transformer(loop));
    return loop;
  }
}
