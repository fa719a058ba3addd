package dev.meshplane.configstore.dynamodb;

import static dev.meshplane.configstore.dynamodb.ConfigItemAttributes.GENERATION;
import static dev.meshplane.configstore.dynamodb.ConfigItemAttributes.KEY;
import static dev.meshplane.configstore.dynamodb.ConfigItemAttributes.MESH;

import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ConfigStoreUnavailableException;
import dev.meshplane.configstore.ProxyConfigItem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The config store in DynamoDB: one item per proxy under hash key {@code key}, a global secondary
 * index {@value #MESH_INDEX} (hash {@code mesh}, range {@code key}) for per-mesh listing. Writes
 * are conditioned on generation; reads are eventually consistent (a slightly stale config is
 * fine, the next poll brings the newer one). The client belongs to the caller and is not closed
 * here.
 */
public final class DynamoDbConfigStore implements ConfigStore {

  static final String MESH_INDEX = "mesh-index";

  // "key" is a DynamoDB reserved word, so every expression names attributes through placeholders.
  private static final Map<String, String> NAMES = Map.of("#k", KEY, "#g", GENERATION);
  private static final String NEWER_OR_EQUAL = "attribute_not_exists(#k) OR #g <= :g";
  private static final String NOT_NEWER = "#g <= :g";

  private final DynamoDbClient client;
  private final String table;

  private DynamoDbConfigStore(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
  }

  /** Opens the store on {@code table}, creating the table and its mesh index when missing. */
  public static DynamoDbConfigStore open(DynamoDbClient client, String table) {
    TableDescription description = DynamoDbTables.ensureActive(client, creation(table));
    if (!description.hasGlobalSecondaryIndexes()
        || description.globalSecondaryIndexes().stream().noneMatch(i -> i.indexName().equals(MESH_INDEX))) {
      throw new IllegalStateException(
          "DynamoDB table " + table + " exists without the global secondary index " + MESH_INDEX);
    }
    return new DynamoDbConfigStore(client, table);
  }

  @Override
  public boolean put(ProxyConfigItem item) {
    return conditionally(() -> client.putItem(r -> r
        .tableName(table)
        .item(ConfigItemAttributes.toItem(item))
        .conditionExpression(NEWER_OR_EQUAL)
        .expressionAttributeNames(NAMES)
        .expressionAttributeValues(Map.of(":g", ConfigItemAttributes.number(item.generation())))),
        "put " + item.key());
  }

  @Override
  public Optional<ProxyConfigItem> get(String key) {
    try {
      var response = client.getItem(r -> r.tableName(table).key(ConfigItemAttributes.keyOf(key)));
      return response.hasItem() && !response.item().isEmpty()
          ? Optional.of(ConfigItemAttributes.fromItem(response.item()))
          : Optional.empty();
    } catch (SdkException e) {
      throw unavailable("get " + key, e);
    }
  }

  @Override
  public List<ProxyConfigItem> listMesh(String mesh) {
    try {
      // The index's range key is the item key, so pages come back in key order.
      return client.queryPaginator(r -> r
              .tableName(table)
              .indexName(MESH_INDEX)
              .keyConditionExpression("#m = :m")
              .expressionAttributeNames(Map.of("#m", MESH))
              .expressionAttributeValues(Map.of(":m", ConfigItemAttributes.string(mesh))))
          .items()
          .stream()
          .map(ConfigItemAttributes::fromItem)
          .toList();
    } catch (SdkException e) {
      throw unavailable("list mesh " + mesh, e);
    }
  }

  @Override
  public boolean delete(String key, long generation) {
    return conditionally(() -> client.deleteItem(r -> r
        .tableName(table)
        .key(ConfigItemAttributes.keyOf(key))
        .conditionExpression(NOT_NEWER)
        .expressionAttributeNames(Map.of("#g", GENERATION))
        .expressionAttributeValues(Map.of(":g", ConfigItemAttributes.number(generation)))),
        "delete " + key);
  }

  @Override
  public void close() {
    // The client was handed in and is closed by whoever built it.
  }

  /** Runs a conditional write: true when written, false when the condition refused it. */
  private boolean conditionally(Supplier<?> write, String what) {
    try {
      write.get();
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw unavailable(what, e);
    }
  }

  private ConfigStoreUnavailableException unavailable(String what, SdkException cause) {
    return new ConfigStoreUnavailableException("DynamoDB table " + table + ": " + what + " failed", cause);
  }

  private static CreateTableRequest creation(String table) {
    return CreateTableRequest.builder()
        .tableName(table)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            attribute(KEY, ScalarAttributeType.S), attribute(MESH, ScalarAttributeType.S))
        .keySchema(key(KEY, KeyType.HASH))
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
            .indexName(MESH_INDEX)
            .keySchema(key(MESH, KeyType.HASH), key(KEY, KeyType.RANGE))
            .projection(p -> p.projectionType(ProjectionType.ALL))
            .build())
        .build();
  }

  private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
