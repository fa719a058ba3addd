package dev.meshplane.configstore.dynamodb;

import dev.meshplane.configstore.ConfigStoreUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/** Creates a table when it is missing and waits until it is ACTIVE. */
final class DynamoDbTables {

  private DynamoDbTables() {}

  /** Returns the table's description once it is ACTIVE, creating it from {@code creation} if needed. */
  static TableDescription ensureActive(DynamoDbClient client, CreateTableRequest creation) {
    String table = creation.tableName();
    try {
      if (!exists(client, table)) {
        create(client, creation);
      }
      try (DynamoDbWaiter waiter = client.waiter()) {
        return waiter
            .waitUntilTableExists(DescribeTableRequest.builder().tableName(table).build())
            .matched()
            .response()
            .orElseThrow(() -> new IllegalStateException("table " + table + " did not become ACTIVE"))
            .table();
      }
    } catch (SdkException e) {
      throw new ConfigStoreUnavailableException("cannot create or describe DynamoDB table " + table, e);
    }
  }

  private static boolean exists(DynamoDbClient client, String table) {
    try {
      client.describeTable(r -> r.tableName(table));
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    }
  }

  private static void create(DynamoDbClient client, CreateTableRequest creation) {
    try {
      client.createTable(creation);
    } catch (ResourceInUseException e) {
      // Another process created it between our describe and create: just wait for it.
    }
  }
}
