package dev.meshplane.launcher;

import dev.meshplane.configstore.ConfigChanges;
import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.NotifyingConfigStore;
import dev.meshplane.store.PostgresNotifications;
import io.micronaut.context.ApplicationContext;
import java.util.Optional;

/**
 * How the transformer's commits of config items wake the xDS side: in one process through a shared
 * {@link ConfigChanges}; between processes through PostgreSQL {@code LISTEN/NOTIFY} on the journal's
 * database (the transformer needs it anyway; an envoy-management process given {@code --postgres-url}
 * listens, one without polls only). A hint carries the mesh name only; the 1 s poll stays.
 */
final class ConfigChangeHints {
  static final String CHANNEL = "meshplane_config_changes";

  private ConfigChangeHints() {}

  /** The config store the transformer writes through: each write it makes publishes its mesh. */
  static ConfigStore notifying(ApplicationContext context, ConfigChanges changes) {
    return new NotifyingConfigStore(context.getBean(ConfigStore.class), changes);
  }

  /** The journal's PostgreSQL as a hint channel, when the context has one. */
  static Optional<PostgresNotifications> postgres(ApplicationContext context) {
    var environment = context.getEnvironment();
    return environment.getProperty("meshplane.store.postgres.url", String.class)
        .filter(url -> !url.isBlank())
        .map(url -> new PostgresNotifications(url,
            environment.getProperty("meshplane.store.postgres.user", String.class).orElse(null),
            environment.getProperty("meshplane.store.postgres.password", String.class).orElse(null),
            CHANNEL));
  }

  /** Relays the hints published in this process to the other processes; closing stops it. */
  static AutoCloseable relayToPostgres(ConfigChanges changes, PostgresNotifications channel) {
    PostgresNotifications.Publisher publisher = channel.publisher();
    AutoCloseable subscription = changes.subscribe(publisher::publish);
    return () -> {
      subscription.close();
      publisher.close();
    };
  }

  /** Publishes in this process the hints other processes send; closing stops listening. */
  static AutoCloseable relayFromPostgres(PostgresNotifications channel, ConfigChanges changes) {
    return channel.listen(changes::published);
  }
}
