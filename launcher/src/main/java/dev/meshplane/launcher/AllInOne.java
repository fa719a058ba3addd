package dev.meshplane.launcher;

import dev.meshplane.configstore.ConfigChanges;
import dev.meshplane.envoy.EnvoyManagement;
import dev.meshplane.transformer.reconcile.ReconcileLoop;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Optional;

/**
 * The all-in-one server's services: the embedded transformer, the Envoy management (xDS) server
 * and, opened last, the App Mesh API (with {@code GET /ready}), over the stores of one application
 * context.
 */
public final class AllInOne implements AutoCloseable {
  private final ReconcileLoop transformer;
  private final EnvoyManagement management;
  private final EmbeddedServer api;
  private final ConfigChanges changes;

  private AllInOne(ReconcileLoop transformer, EnvoyManagement management, EmbeddedServer api, ConfigChanges changes) {
    this.transformer = transformer;
    this.management = management;
    this.api = api;
    this.changes = changes;
  }

  /** {@code xdsPort} 0 picks a free port; the API's port is the context's {@code micronaut.server.port}. */
  public static AllInOne start(ApplicationContext context, String bind, int xdsPort) {
    ReadinessParts.registerStore(context);
    // The transformer's commits wake the xDS side's config watcher directly (the poll stays as a safety net).
    ConfigChanges changes = new ConfigChanges();
    ReconcileLoop transformer = EmbeddedTransformer.start(context, changes);
    // The embedded server is for a laptop: unauthenticated xDS unless configured otherwise.
    EnvoyManagement management = SplitServices.envoyManagement(context, bind, xdsPort, true, Optional.of(changes));
    // The API opens last, so GET /ready never answers before every other part is registered.
    EmbeddedServer api = context.getBean(EmbeddedServer.class).start();
    ReadinessParts.of(context).register(ReadinessParts.API, ReadinessParts.api(api));
    return new AllInOne(transformer, management, api, changes);
  }

  public int xdsPort() {
    return management.xdsPort();
  }

  /** The hints the transformer publishes when it commits config items (benchmarks time commits by them). */
  public ConfigChanges configChanges() {
    return changes;
  }

  /** The embedded transformer's loop (benchmarks time its passes). */
  public ReconcileLoop transformer() {
    return transformer;
  }

  /** The App Mesh API's HTTP server. */
  public EmbeddedServer api() {
    return api;
  }

  @Override
  public void close() {
    // Management first: stopping the API closes the context's stores, which it still uses to retract its status.
    management.close();
    api.stop();
    transformer.close();
  }
}
