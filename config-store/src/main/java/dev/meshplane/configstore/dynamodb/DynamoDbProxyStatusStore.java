package dev.meshplane.configstore.dynamodb;

import dev.meshplane.configstore.ConfigStoreUnavailableException;
import dev.meshplane.configstore.ProxyStatusEntry;
import dev.meshplane.configstore.ProxyStatusStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Proxy status in DynamoDB: hash key {@code mesh}, range key {@code entry} ({@code <instance>/<id>}),
 * so a mesh's status is one Query; heartbeats are the items of the partition
 * {@value #INSTANCES_PARTITION} (a name no mesh can have: App Mesh names allow no {@code #}).
 * The client belongs to the caller.
 */
public final class DynamoDbProxyStatusStore implements ProxyStatusStore {
  /** Appended to the config store's table name to name this one. */
  public static final String TABLE_SUFFIX = "-proxy-status";
  static final String INSTANCES_PARTITION = "#instances";

  private final DynamoDbClient client;
  private final String table;
  private final UnconditionalBatchWrite batch;

  private DynamoDbProxyStatusStore(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
    this.batch = new UnconditionalBatchWrite(client, table);
  }

  /** Opens the store on {@code table}, creating it when missing. */
  public static DynamoDbProxyStatusStore open(DynamoDbClient client, String table) {
    DynamoDbTables.ensureActive(client, CreateTableRequest.builder()
        .tableName(table)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            AttributeDefinition.builder().attributeName("mesh").attributeType(ScalarAttributeType.S).build(),
            AttributeDefinition.builder().attributeName("entry").attributeType(ScalarAttributeType.S).build())
        .keySchema(
            KeySchemaElement.builder().attributeName("mesh").keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName("entry").keyType(KeyType.RANGE).build())
        .build());
    return new DynamoDbProxyStatusStore(client, table);
  }

  @Override
  public void heartbeat(String instance, Instant expiresAt) {
    call("heartbeat of " + instance, () -> client.putItem(r -> r.tableName(table).item(Map.of(
        "mesh", s(INSTANCES_PARTITION), "entry", s(instance),
        "expires", AttributeValue.fromN(Long.toString(expiresAt.toEpochMilli()))))));
  }

  @Override
  public void put(ProxyStatusEntry entry) {
    call("put status " + entry.id(), () -> client.putItem(r -> r.tableName(table).item(item(entry))));
  }

  @Override
  public void delete(ProxyStatusEntry entry) {
    call("delete status " + entry.id(), () -> client.deleteItem(r -> r.tableName(table).key(key(entry))));
  }

  /** BatchWriteItem: unconditional like {@link #put}; an id given twice is written once, as its last entry. */
  @Override
  public void putAll(List<ProxyStatusEntry> entries) {
    call("put " + entries.size() + " status entries", () -> batch.writeAll(lastPerKey(entries).stream()
        .map(entry -> WriteRequest.builder().putRequest(p -> p.item(item(entry))).build())
        .toList()));
  }

  @Override
  public void deleteAll(List<ProxyStatusEntry> entries) {
    call("delete " + entries.size() + " status entries", () -> batch.writeAll(lastPerKey(entries).stream()
        .map(entry -> WriteRequest.builder().deleteRequest(d -> d.key(key(entry))).build())
        .toList()));
  }

  /** A BatchWriteItem refuses a key twice. */
  private static List<ProxyStatusEntry> lastPerKey(List<ProxyStatusEntry> entries) {
    Map<Map<String, AttributeValue>, ProxyStatusEntry> byKey = new LinkedHashMap<>();
    entries.forEach(entry -> byKey.put(key(entry), entry));
    return List.copyOf(byKey.values());
  }

  private static Map<String, AttributeValue> item(ProxyStatusEntry entry) {
    Map<String, AttributeValue> item = new HashMap<>(key(entry));
    item.put("instance", s(entry.instance()));
    item.put("id", s(entry.id()));
    item.put("proxyKey", s(entry.proxyKey()));
    item.put("kind", s(entry.kind()));
    item.put("document", s(entry.document()));
    return item;
  }

  @Override
  public List<ProxyStatusEntry> listMesh(String mesh, Instant now) {
    try {
      Set<String> alive = query(INSTANCES_PARTITION).stream()
          .filter(item -> Long.parseLong(item.get("expires").n()) > now.toEpochMilli())
          .map(item -> item.get("entry").s())
          .collect(Collectors.toSet());
      return query(mesh).stream()
          .filter(item -> alive.contains(item.get("instance").s()))
          .map(item -> new ProxyStatusEntry(item.get("instance").s(), item.get("id").s(), mesh,
              item.get("proxyKey").s(), item.get("kind").s(), item.get("document").s()))
          .toList();
    } catch (SdkException e) {
      throw new ConfigStoreUnavailableException("DynamoDB proxy status: list mesh " + mesh + " failed", e);
    }
  }

  @Override
  public void removeInstance(String instance) {
    call("remove instance " + instance, () -> client.deleteItem(r -> r.tableName(table)
        .key(Map.of("mesh", s(INSTANCES_PARTITION), "entry", s(instance)))));
  }

  @Override
  public void close() {
    // The client is the caller's.
  }

  private List<Map<String, AttributeValue>> query(String partition) {
    return client.queryPaginator(r -> r.tableName(table).keyConditionExpression("mesh = :m")
            .expressionAttributeValues(Map.of(":m", s(partition))).consistentRead(true))
        .items().stream().toList();
  }

  private static Map<String, AttributeValue> key(ProxyStatusEntry entry) {
    return Map.of("mesh", s(entry.mesh()), "entry", s(entry.instance() + "/" + entry.id()));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private void call(String what, Runnable request) {
    try {
      request.run();
    } catch (SdkException e) {
      throw new ConfigStoreUnavailableException("DynamoDB proxy status: " + what + " failed", e);
    }
  }
}
