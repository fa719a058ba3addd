package dev.meshplane.launcher;

import dev.meshplane.envoy.EnvoyManagement;
import dev.meshplane.transformer.reconcile.ReconcileLoop;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

/**
 * The all-in-one server's services: the embedded transformer, the Envoy management (xDS) server
 * and, opened last, the App Mesh API (with {@code GET /ready}), over the stores of one application
 * context.
 */
public final class AllInOne implements AutoCloseable {
  private final ReconcileLoop transformer;
  private final EnvoyManagement management;
  private final EmbeddedServer api;

  private AllInOne(ReconcileLoop transformer, EnvoyManagement management, EmbeddedServer api) {
    this.transformer = transformer;
    this.management = management;
    this.api = api;
  }

  /** {@code xdsPort} 0 picks a free port; the API's port is the context's {@code micronaut.server.port}. */
  public static AllInOne start(ApplicationContext context, String bind, int xdsPort) {
    ReadinessParts.registerStore(context);
    ReconcileLoop transformer = EmbeddedTransformer.start(context);
    // The embedded server is for a laptop: unauthenticated xDS unless configured otherwise.
    EnvoyManagement management = SplitServices.envoyManagement(context, bind, xdsPort, true);
    // The API opens last, so GET /ready never answers before every other part is registered.
    EmbeddedServer api = context.getBean(EmbeddedServer.class).start();
    ReadinessParts.of(context).register(ReadinessParts.API, ReadinessParts.api(api));
    return new AllInOne(transformer, management, api);
  }

  public int xdsPort() {
    return management.xdsPort();
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
