package dev.meshplane.launcher;

import dev.meshplane.envoy.EnvoyManagement;
import dev.meshplane.transformer.reconcile.ReconcileLoop;
import io.micronaut.context.ApplicationContext;

/**
 * The services that run beside the API in the all-in-one server: the embedded transformer and the
 * Envoy management (xDS) server, over the stores of the API's application context.
 */
public final class AllInOne implements AutoCloseable {
  private final ReconcileLoop transformer;
  private final EnvoyManagement management;

  private AllInOne(ReconcileLoop transformer, EnvoyManagement management) {
    this.transformer = transformer;
    this.management = management;
  }

  /** {@code xdsPort} 0 picks a free port. */
  public static AllInOne start(ApplicationContext context, String bind, int xdsPort) {
    ReconcileLoop transformer = EmbeddedTransformer.start(context);
    // The embedded server is for a laptop: unauthenticated xDS unless configured otherwise.
    EnvoyManagement management = SplitServices.envoyManagement(context, bind, xdsPort, true);
    return new AllInOne(transformer, management);
  }

  public int xdsPort() {
    return management.xdsPort();
  }

  @Override
  public void close() {
    management.close();
    transformer.close();
  }
}
