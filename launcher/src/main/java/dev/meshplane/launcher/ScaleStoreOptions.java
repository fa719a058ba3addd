package dev.meshplane.launcher;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the split services keep their state at scale: the journal in PostgreSQL, configs and
 * leases in DynamoDB. Each option can also come from the environment variable in its help.
 */
final class ScaleStoreOptions {
  @Mixin PostgresOptions postgres;

  @Option(names = "--dynamodb-table", defaultValue = "${env:MESHPLANE_DYNAMODB_TABLE:-meshplane-proxy-configs}",
      description = "DynamoDB table of proxy configs, created when missing (env MESHPLANE_DYNAMODB_TABLE, default ${DEFAULT-VALUE}).")
  String configTable;

  @Option(names = "--dynamodb-lease-table", defaultValue = "${env:MESHPLANE_DYNAMODB_LEASE_TABLE:-meshplane-leases}",
      description = "DynamoDB table of transformer bucket leases (env MESHPLANE_DYNAMODB_LEASE_TABLE, default ${DEFAULT-VALUE}).")
  String leaseTable;

  @Option(names = "--dynamodb-endpoint", defaultValue = "${env:MESHPLANE_DYNAMODB_ENDPOINT}",
      description = "DynamoDB endpoint override, e.g. an emulator (env MESHPLANE_DYNAMODB_ENDPOINT).")
  String dynamoDbEndpoint;

  /** The frontend and the transformer need the journal; the management server only configs. */
  ScaleStoreOptions requirePostgres() {
    if (!postgres.given()) {
      throw new IllegalArgumentException("--postgres-url (or MESHPLANE_POSTGRES_URL) is required for this service");
    }
    return this;
  }

  /** Micronaut properties that point the frontend's stores at PostgreSQL and DynamoDB. */
  Map<String, Object> properties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    if (postgres.given()) {
      properties.put("meshplane.store.postgres.url", postgres.url);
    }
    if (postgres.user != null) {
      properties.put("meshplane.store.postgres.user", postgres.user);
    }
    if (postgres.password != null) {
      properties.put("meshplane.store.postgres.password", postgres.password);
    }
    properties.put("meshplane.config-store.dynamodb.table", configTable);
    if (dynamoDbEndpoint != null && !dynamoDbEndpoint.isBlank()) {
      properties.put("meshplane.config-store.dynamodb.endpoint", dynamoDbEndpoint);
    }
    return properties;
  }
}
