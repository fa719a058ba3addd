package dev.meshplane.launcher;

import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ProxyStatusStore;
import dev.meshplane.configstore.dynamodb.DynamoDbClients;
import dev.meshplane.configstore.dynamodb.DynamoDbConfigStore;
import dev.meshplane.configstore.dynamodb.DynamoDbProxyStatusStore;
import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import dev.meshplane.configstore.sqlite.SqliteProxyStatusStore;
import dev.meshplane.frontend.config.MeshplaneProperties;
import dev.meshplane.store.JdbcJournaledStore;
import dev.meshplane.store.JournaledStore;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The stores of a process, from configuration: the journaled store in SQLite under
 * {@code meshplane.data-dir} (the embedded default) or PostgreSQL when
 * {@code meshplane.store.postgres.url} is set; the config store and the proxy status store in
 * SQLite under the data directory, or DynamoDB when {@code meshplane.config-store.dynamodb.table}
 * is set. Here, where the process is assembled, so the API, the transformer and envoy-management
 * only see the store interfaces.
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

  /** Where the config and proxy status stores live: read once for both. */
  @Singleton
  ConfigStoreLocation configStoreLocation(
      @Value("${meshplane.data-dir:./data}") String dataDir,
      @Nullable @Value("${meshplane.config-store.dynamodb.table}") String table) {
    return new ConfigStoreLocation(Path.of(dataDir), Optional.ofNullable(table).filter(t -> !t.isBlank()));
  }

  /** The one DynamoDB client of the process's stores, made only when a table is configured; the stores do not close it. */
  @Singleton
  @Bean(preDestroy = "close")
  DynamoDbClient dynamoDbClient(
      @Nullable @Value("${meshplane.config-store.dynamodb.endpoint}") String endpoint, MeshplaneProperties properties) {
    return DynamoDbClients.create(
        properties.getRegion(), Optional.ofNullable(endpoint).filter(e -> !e.isBlank()).map(URI::create));
  }

  /**
   * The config store: DynamoDB when {@code meshplane.config-store.dynamodb.table} is set (the
   * split services), else SQLite beside the journal (the embedded default).
   */
  @Singleton
  @Bean(preDestroy = "close")
  ConfigStore configStore(ConfigStoreLocation location, Provider<DynamoDbClient> dynamoDb) {
    return location.table().<ConfigStore>map(table -> DynamoDbConfigStore.open(dynamoDb.get(), table))
        .orElseGet(() -> SqliteConfigStore.open(location.dataDir()));
  }

  /**
   * Where Envoy management instances publish their proxies' status (read by the status API):
   * beside the config store, in SQLite under the data directory or in DynamoDB table
   * {@code <config table>-proxy-status}.
   */
  @Singleton
  @Bean(preDestroy = "close")
  ProxyStatusStore proxyStatusStore(ConfigStoreLocation location, Provider<DynamoDbClient> dynamoDb) {
    return location.table().<ProxyStatusStore>map(table ->
            DynamoDbProxyStatusStore.open(dynamoDb.get(), table + DynamoDbProxyStatusStore.TABLE_SUFFIX))
        .orElseGet(() -> SqliteProxyStatusStore.open(location.dataDir()));
  }

  /** SQLite files under {@code dataDir}, or the DynamoDB {@code table} when one is configured. */
  record ConfigStoreLocation(Path dataDir, Optional<String> table) {}
}
