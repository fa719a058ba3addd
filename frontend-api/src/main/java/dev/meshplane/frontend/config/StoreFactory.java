package dev.meshplane.frontend.config;

import dev.meshplane.store.JdbcJournaledStore;
import dev.meshplane.store.JournaledStore;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The journaled store from configuration: SQLite under {@code meshplane.data-dir} (the embedded
 * default), or PostgreSQL when {@code meshplane.store.postgres.url} is set.
 */
@Factory
public class StoreFactory {

  @Singleton
  @Bean(preDestroy = "close")
  JournaledStore journaledStore(
      @Value("${meshplane.data-dir:./data}") String dataDir,
      @Nullable @Value("${meshplane.store.postgres.url}") String postgresUrl,
      @Nullable @Value("${meshplane.store.postgres.user}") String postgresUser,
      @Nullable @Value("${meshplane.store.postgres.password}") String postgresPassword) {
    if (postgresUrl != null && !postgresUrl.isBlank()) {
      return JdbcJournaledStore.postgres(postgresUrl, postgresUser, postgresPassword, Clock.systemUTC());
    }
    return JdbcJournaledStore.sqlite(Path.of(dataDir), Clock.systemUTC());
  }
}
