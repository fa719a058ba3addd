package dev.meshplane.configstore.dynamodb;

import dev.meshplane.configstore.BucketLeases;
import dev.meshplane.configstore.ConfigStoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Bucket leases in a DynamoDB table: one item per bucket (hash key {@code bucket}, a number) with
 * its {@code owner} and {@code expiresAt} (epoch millis of the injected clock). Every take or
 * renewal is a conditional write that succeeds only when the bucket is free, expired or already
 * ours, so two workers never both win the same write; a scan of the table first only decides
 * which writes are worth trying. The client belongs to the caller and is not closed here.
 */
public final class DynamoDbBucketLeases implements BucketLeases {

  static final String BUCKET = "bucket";
  static final String OWNER = "owner";
  static final String EXPIRES_AT = "expiresAt";

  // "bucket" and "owner" are DynamoDB reserved words: name them through placeholders.
  private static final Map<String, String> NAMES = Map.of("#b", BUCKET, "#o", OWNER, "#e", EXPIRES_AT);
  private static final String FREE_EXPIRED_OR_MINE = "attribute_not_exists(#b) OR #o = :me OR #e < :now";
  private static final String MINE = "#o = :me";

  private final DynamoDbClient client;
  private final String table;
  private final Clock clock;

  private DynamoDbBucketLeases(DynamoDbClient client, String table, Clock clock) {
    this.client = client;
    this.table = table;
    this.clock = clock;
  }

  /** Opens the leases on {@code table}, creating the table when missing. */
  public static DynamoDbBucketLeases open(DynamoDbClient client, String table, Clock clock) {
    DynamoDbTables.ensureActive(client, CreateTableRequest.builder()
        .tableName(table)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(a -> a.attributeName(BUCKET).attributeType(ScalarAttributeType.N))
        .keySchema(k -> k.attributeName(BUCKET).keyType(KeyType.HASH))
        .build());
    return new DynamoDbBucketLeases(client, table, clock);
  }

  @Override
  public Set<Integer> acquireOrRenew(String workerId, int bucketCount, int maxBuckets, Duration duration) {
    long now = clock.millis();
    long expiresAt = now + duration.toMillis();
    Map<Integer, Lease> leases = currentLeases();
    int[] order = BucketOrder.startingFrom(workerId, bucketCount);
    Set<Integer> held = new TreeSet<>();
    Set<Integer> surplus = new TreeSet<>();
    // Renew first, so a worker never trades a bucket it holds (and has warm state for) for a new one.
    for (int bucket : order) {
      Lease lease = leases.get(bucket);
      if (lease != null && lease.owner().equals(workerId)) {
        if (held.size() >= maxBuckets) {
          surplus.add(bucket);
        } else if (write(bucket, workerId, now, expiresAt)) {
          held.add(bucket);
        }
      }
    }
    for (int bucket : order) {
      if (held.size() >= maxBuckets) {
        break;
      }
      Lease lease = leases.get(bucket);
      boolean worthTrying = lease == null || (!lease.owner().equals(workerId) && lease.expiresAt() < now);
      if (worthTrying && write(bucket, workerId, now, expiresAt)) {
        held.add(bucket);
      }
    }
    // Buckets over the limit go back at once rather than idling until they expire.
    release(workerId, surplus);
    return Set.copyOf(held);
  }

  @Override
  public void release(String workerId, Set<Integer> buckets) {
    for (int bucket : buckets) {
      try {
        client.deleteItem(r -> r
            .tableName(table)
            .key(Map.of(BUCKET, number(bucket)))
            .conditionExpression(MINE)
            .expressionAttributeNames(Map.of("#o", OWNER))
            .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(workerId))));
      } catch (ConditionalCheckFailedException e) {
        // Taken over by another worker since: not ours to release.
      } catch (SdkException e) {
        throw unavailable("release bucket " + bucket, e);
      }
    }
  }

  @Override
  public void close() {
    // The client was handed in and is closed by whoever built it.
  }

  /** Takes or renews one bucket; false when another worker holds an unexpired lease on it. */
  private boolean write(int bucket, String workerId, long now, long expiresAt) {
    try {
      client.putItem(r -> r
          .tableName(table)
          .item(Map.of(
              BUCKET, number(bucket),
              OWNER, AttributeValue.fromS(workerId),
              EXPIRES_AT, number(expiresAt)))
          .conditionExpression(FREE_EXPIRED_OR_MINE)
          .expressionAttributeNames(NAMES)
          .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(workerId), ":now", number(now))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw unavailable("take or renew bucket " + bucket, e);
    }
  }

  private Map<Integer, Lease> currentLeases() {
    try {
      Map<Integer, Lease> leases = new HashMap<>();
      client.scanPaginator(r -> r.tableName(table).consistentRead(true))
          .items()
          .forEach(item -> leases.put(
              Integer.parseInt(item.get(BUCKET).n()),
              new Lease(item.get(OWNER).s(), Long.parseLong(item.get(EXPIRES_AT).n()))));
      return leases;
    } catch (SdkException e) {
      throw unavailable("scan leases", e);
    }
  }

  private ConfigStoreUnavailableException unavailable(String what, SdkException cause) {
    return new ConfigStoreUnavailableException("DynamoDB lease table " + table + ": " + what + " failed", cause);
  }

  private static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private record Lease(String owner, long expiresAt) {}
}
