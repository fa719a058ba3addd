package dev.meshplane.launcher;

import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.envoy.EnvoyManagement;
import dev.meshplane.frontend.readiness.Readiness;
import dev.meshplane.frontend.readiness.ReadinessCheck;
import dev.meshplane.store.JournaledStore;
import dev.meshplane.transformer.reconcile.ReconcileLoop;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Optional;

/**
 * The readiness parts (GET /ready) the launcher's services register, and their checks. Store
 * checks make one real read each, so an unreachable store shows.
 */
final class ReadinessParts {
  static final String API = "api";
  static final String STORE = "store";
  static final String CONFIG_STORE = "config-store";
  static final String TRANSFORMER = "transformer";
  static final String XDS = "xds";

  /** The config key the config-store check reads; no proxy has it, so the read finds nothing. */
  private static final String PROBE_KEY = "meshplane-readiness-probe";

  private ReadinessParts() {}

  static Readiness of(ApplicationContext context) {
    return context.getBean(Readiness.class);
  }

  /** Registers the journaled store of {@code context}: ready while it answers a read (of nothing past the journal's end). */
  static void registerStore(ApplicationContext context) {
    JournaledStore store = context.getBean(JournaledStore.class);
    of(context).register(STORE, answering(() -> store.journalAfter(Long.MAX_VALUE, 1)));
  }

  /** Registers the config store of {@code context}: ready while it answers a read (of a key no proxy has). */
  static void registerConfigStore(ApplicationContext context) {
    ConfigStore store = context.getBean(ConfigStore.class);
    of(context).register(CONFIG_STORE, answering(() -> store.get(PROBE_KEY)));
  }

  static ReadinessCheck api(EmbeddedServer server) {
    return () -> server.isRunning() ? Optional.empty() : Optional.of("API server not running");
  }

  private static ReadinessCheck answering(Runnable read) {
    return () -> {
      try {
        read.run();
        return Optional.empty();
      } catch (RuntimeException e) {
        return Optional.of("unreachable: " + e.getMessage());
      }
    };
  }

  static ReadinessCheck transformer(ReconcileLoop loop) {
    return () -> loop.firstPassCompleted() ? Optional.empty() : Optional.of("first reconcile pass not completed");
  }

  static ReadinessCheck xds(EnvoyManagement management) {
    return () -> management.listening() ? Optional.empty() : Optional.of("xDS port not listening");
  }
}
