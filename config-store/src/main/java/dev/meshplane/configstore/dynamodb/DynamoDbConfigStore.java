package dev.meshplane.configstore.dynamodb;

import static dev.meshplane.configstore.dynamodb.ConfigItemAttributes.CONTENT_HASH;
import static dev.meshplane.configstore.dynamodb.ConfigItemAttributes.GENERATION;
import static dev.meshplane.configstore.dynamodb.ConfigItemAttributes.JOURNAL_COMMIT_TIME;
import static dev.meshplane.configstore.dynamodb.ConfigItemAttributes.KEY;
import static dev.meshplane.configstore.dynamodb.ConfigItemAttributes.MESH;

import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ConfigStoreUnavailableException;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.configstore.ProxyConfigVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The config store in DynamoDB: one item per proxy under hash key {@code key}, a global secondary
 * index {@value #MESH_INDEX} (hash {@code mesh}, range {@code key}) for per-mesh listing, and a
 * second one, {@value #VERSIONS_INDEX}, projecting only the version attributes: a Query is charged
 * by the size of the index items it reads (not by what a ProjectionExpression returns), so polling
 * a mesh's versions through it reads a few hundred bytes per proxy instead of whole payloads.
 * Writes are conditioned on generation; reads are eventually consistent (a slightly stale config
 * is fine, the next poll brings the newer one). The client belongs to the caller and is not closed
 * here.
 *
 * <p>A table created before {@value #VERSIONS_INDEX} existed gets it added (UpdateTable) on open;
 * until DynamoDB reports it ACTIVE (backfilling can take minutes), versions are listed through
 * {@value #MESH_INDEX} with a ProjectionExpression (correct, but charged as before).
 */
public final class DynamoDbConfigStore implements ConfigStore {

  static final String MESH_INDEX = "mesh-index";
  static final String VERSIONS_INDEX = "mesh-versions";

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbConfigStore.class);
  /** How often, while {@value #VERSIONS_INDEX} is still being built, to ask whether it is ACTIVE. */
  private static final Duration VERSIONS_INDEX_RECHECK = Duration.ofSeconds(30);
  private static final Map<String, String> VERSION_NAMES = Map.of(
      "#m", MESH, "#k", KEY, "#g", GENERATION, "#h", CONTENT_HASH, "#t", JOURNAL_COMMIT_TIME);

  // "key" is a DynamoDB reserved word, so every expression names attributes through placeholders.
  private static final Map<String, String> NAMES = Map.of("#k", KEY, "#g", GENERATION);
  private static final String NEWER_OR_EQUAL = "attribute_not_exists(#k) OR #g <= :g";
  private static final String NOT_NEWER = "#g <= :g";

  private final DynamoDbClient client;
  private final String table;
  private final Clock clock = Clock.systemUTC();
  private volatile boolean versionsIndexActive;
  private volatile Instant versionsIndexCheckedAt;

  private DynamoDbConfigStore(DynamoDbClient client, String table, boolean versionsIndexActive) {
    this.client = client;
    this.table = table;
    this.versionsIndexActive = versionsIndexActive;
    this.versionsIndexCheckedAt = clock.instant();
  }

  /** Opens the store on {@code table}, creating the table and its mesh index when missing. */
  public static DynamoDbConfigStore open(DynamoDbClient client, String table) {
    TableDescription description = DynamoDbTables.ensureActive(client, creation(table));
    if (!description.hasGlobalSecondaryIndexes()
        || description.globalSecondaryIndexes().stream().noneMatch(i -> i.indexName().equals(MESH_INDEX))) {
      throw new IllegalStateException(
          "DynamoDB table " + table + " exists without the global secondary index " + MESH_INDEX);
    }
    Optional<GlobalSecondaryIndexDescription> versions = index(description, VERSIONS_INDEX);
    if (versions.isEmpty()) {
      addVersionsIndex(client, table);
    }
    return new DynamoDbConfigStore(client, table, versions.map(DynamoDbConfigStore::isActive).orElse(false));
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

  /**
   * TransactWriteItems in chunks, each Put under the same generation condition as {@link #put}
   * ({@link ConditionalBatchPut}).
   */
  @Override
  public Set<String> putAll(List<ProxyConfigItem> items) {
    try {
      return new ConditionalBatchPut(client, table, NAMES, NEWER_OR_EQUAL, this::put).putAll(items);
    } catch (SdkException e) {
      throw unavailable("put " + items.size() + " items", e);
    }
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
  public List<ProxyConfigVersion> listMeshVersions(String mesh) {
    QueryRequest.Builder query = QueryRequest.builder()
        .tableName(table)
        .keyConditionExpression("#m = :m")
        .expressionAttributeNames(VERSION_NAMES)
        .expressionAttributeValues(Map.of(":m", ConfigItemAttributes.string(mesh)))
        .projectionExpression("#m, #k, #g, #h, #t")
        // Until the versions index is ACTIVE: same answer, full price (the old index holds whole items).
        .indexName(versionsIndexReady() ? VERSIONS_INDEX : MESH_INDEX);
    try {
      // The paginator follows LastEvaluatedKey (1 MB pages); range key "key" keeps key order.
      return client.queryPaginator(query.build())
          .items()
          .stream()
          .map(ConfigItemAttributes::versionOf)
          .toList();
    } catch (SdkException e) {
      throw unavailable("list versions of mesh " + mesh, e);
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

  /** Whether to query {@value #VERSIONS_INDEX}; while it is being built, re-asks now and then. */
  private boolean versionsIndexReady() {
    if (versionsIndexActive) {
      return true;
    }
    Instant now = clock.instant();
    if (now.isBefore(versionsIndexCheckedAt.plus(VERSIONS_INDEX_RECHECK))) {
      return false;
    }
    versionsIndexCheckedAt = now;
    try {
      TableDescription description = client.describeTable(r -> r.tableName(table)).table();
      Optional<GlobalSecondaryIndexDescription> versions = index(description, VERSIONS_INDEX);
      if (versions.isEmpty()) {
        addVersionsIndex(client, table);
      }
      versionsIndexActive = versions.map(DynamoDbConfigStore::isActive).orElse(false);
    } catch (SdkException e) {
      // The query that follows reports the store as unavailable if it really is.
    }
    return versionsIndexActive;
  }

  /** Starts adding {@value #VERSIONS_INDEX} to an existing table; DynamoDB backfills it. */
  private static void addVersionsIndex(DynamoDbClient client, String table) {
    try {
      client.updateTable(r -> r
          .tableName(table)
          .attributeDefinitions(attribute(KEY, ScalarAttributeType.S), attribute(MESH, ScalarAttributeType.S))
          .globalSecondaryIndexUpdates(u -> u.create(c -> c
              .indexName(VERSIONS_INDEX)
              .keySchema(key(MESH, KeyType.HASH), key(KEY, KeyType.RANGE))
              .projection(versionsProjection()))));
      LOG.info("DynamoDB table {}: adding index {}; listing versions through {} until it is ACTIVE",
          table, VERSIONS_INDEX, MESH_INDEX);
    } catch (SdkException e) {
      // Another process may be adding it already, or the table is busy: retried at the next check.
      LOG.warn("DynamoDB table {}: cannot add index {} yet: {}", table, VERSIONS_INDEX, e.toString());
    }
  }

  private static Optional<GlobalSecondaryIndexDescription> index(TableDescription description, String name) {
    return description.hasGlobalSecondaryIndexes()
        ? description.globalSecondaryIndexes().stream().filter(i -> i.indexName().equals(name)).findFirst()
        : Optional.empty();
  }

  private static boolean isActive(GlobalSecondaryIndexDescription index) {
    // Backfilling is reported while the status is still CREATING; an UPDATING index answers queries.
    return index.indexStatus() == IndexStatus.ACTIVE || index.indexStatus() == IndexStatus.UPDATING;
  }

  /** Keys (mesh, key) come with every index; only the version attributes are added. */
  private static Projection versionsProjection() {
    return Projection.builder()
        .projectionType(ProjectionType.INCLUDE)
        .nonKeyAttributes(GENERATION, CONTENT_HASH, JOURNAL_COMMIT_TIME)
        .build();
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
            .build(),
            GlobalSecondaryIndex.builder()
                .indexName(VERSIONS_INDEX)
                .keySchema(key(MESH, KeyType.HASH), key(KEY, KeyType.RANGE))
                .projection(versionsProjection())
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
