package dev.meshplane.frontend.config;

import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ProxyStatusStore;
import dev.meshplane.configstore.dynamodb.DynamoDbProxyStatusStore;
import dev.meshplane.configstore.sqlite.SqliteProxyStatusStore;
import dev.meshplane.configstore.dynamodb.DynamoDbClients;
import dev.meshplane.configstore.dynamodb.DynamoDbConfigStore;
import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import dev.meshplane.store.JdbcJournaledStore;
import dev.meshplane.store.JournaledStore;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.time.Clock;

/**
 * The stores from configuration: the journaled store in SQLite under {@code meshplane.data-dir}
 * (the embedded default) or PostgreSQL when {@code meshplane.store.postgres.url} is set; the config
 * store in SQLite under the data directory.
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

  /**
   * The config store: DynamoDB when {@code meshplane.config-store.dynamodb.table} is set (the
   * split services), else SQLite beside the journal (the embedded default).
   */
  @Singleton
  @Bean(preDestroy = "close")
  ConfigStore configStore(
      @Value("${meshplane.data-dir:./data}") String dataDir,
      @Nullable @Value("${meshplane.config-store.dynamodb.table}") String table,
      @Nullable @Value("${meshplane.config-store.dynamodb.endpoint}") String endpoint,
      MeshplaneProperties properties) {
    String region = properties.getRegion();
    if (table != null && !table.isBlank()) {
      return DynamoDbConfigStore.open(
          DynamoDbClients.create(region, Optional.ofNullable(endpoint).filter(e -> !e.isBlank()).map(URI::create)), table);
    }
    return SqliteConfigStore.open(Path.of(dataDir));
  }

  /**
   * Where Envoy management instances publish their proxies' status (read by the status API):
   * beside the config store, in SQLite under the data directory or in DynamoDB table
   * {@code <config table>-proxy-status}.
   */
  @Singleton
  @Bean(preDestroy = "close")
  ProxyStatusStore proxyStatusStore(
      @Value("${meshplane.data-dir:./data}") String dataDir,
      @Nullable @Value("${meshplane.config-store.dynamodb.table}") String table,
      @Nullable @Value("${meshplane.config-store.dynamodb.endpoint}") String endpoint,
      @Value("${meshplane.region:us-west-2}") String region) {
    if (table != null && !table.isBlank()) {
      return DynamoDbProxyStatusStore.open(
          DynamoDbClients.create(region, Optional.ofNullable(endpoint).filter(e -> !e.isBlank()).map(URI::create)),
          table + DynamoDbProxyStatusStore.TABLE_SUFFIX);
    }
    return SqliteProxyStatusStore.open(Path.of(dataDir));
  }
}
