package dev.meshplane.configstore.dynamodb;

import dev.meshplane.configstore.ProxyConfigItem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Many conditional puts in few requests. BatchWriteItem takes no conditions, so the items go in
 * TransactWriteItems of at most {@value #MAX_ITEMS} items and {@value #MAX_BYTES} bytes, each Put
 * with its own generation condition. A transaction is all or nothing: when DynamoDB cancels one,
 * its reasons say which items failed their condition (refused: an older generation never
 * overwrites a newer one) and the rest are sent again without them; a conflict with another
 * writer or a throttle is retried the same way, and after {@value #ATTEMPTS} attempts the
 * remaining items are put one by one (whose failure reports the store unavailable).
 */
final class ConditionalBatchPut {
  static final int MAX_ITEMS = 100;
  /** DynamoDB's 4 MB per transaction, less room for names and expressions. */
  static final int MAX_BYTES = 3_500_000;
  private static final int ATTEMPTS = 3;
  private static final String CONDITION_FAILED = "ConditionalCheckFailed";

  private final DynamoDbClient client;
  private final String table;
  private final Map<String, String> names;
  private final String condition;
  private final Predicate<ProxyConfigItem> singlePut;

  ConditionalBatchPut(DynamoDbClient client, String table, Map<String, String> names, String condition,
      Predicate<ProxyConfigItem> singlePut) {
    this.client = client;
    this.table = table;
    this.names = names;
    this.condition = condition;
    this.singlePut = singlePut;
  }

  Set<String> putAll(List<ProxyConfigItem> items) {
    if (items.stream().map(ProxyConfigItem::key).distinct().count() != items.size()) {
      throw new IllegalArgumentException("one transaction cannot write one key twice");
    }
    Set<String> written = new HashSet<>();
    for (List<ProxyConfigItem> chunk : chunks(items)) {
      written.addAll(putChunk(chunk));
    }
    return written;
  }

  private Set<String> putChunk(List<ProxyConfigItem> chunk) {
    List<ProxyConfigItem> pending = chunk;
    for (int attempt = 1; attempt <= ATTEMPTS && !pending.isEmpty(); attempt++) {
      try {
        List<ProxyConfigItem> sent = pending;
        client.transactWriteItems(r -> r.transactItems(sent.stream().map(this::conditionalPut).toList()));
        return keys(pending);
      } catch (TransactionCanceledException e) {
        pending = notRefused(pending, e);
      }
    }
    Set<String> written = new HashSet<>();
    for (ProxyConfigItem item : pending) {
      if (singlePut.test(item)) {
        written.add(item.key());
      }
    }
    return written;
  }

  /** The items of a cancelled transaction to send again: all but those whose condition failed. */
  private static List<ProxyConfigItem> notRefused(List<ProxyConfigItem> sent, TransactionCanceledException e) {
    if (!e.hasCancellationReasons() || e.cancellationReasons().size() != sent.size()) {
      return sent;
    }
    List<ProxyConfigItem> again = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      CancellationReason reason = e.cancellationReasons().get(i);
      if (!CONDITION_FAILED.equals(reason.code())) {
        again.add(sent.get(i));
      }
    }
    return again;
  }

  private TransactWriteItem conditionalPut(ProxyConfigItem item) {
    Map<String, AttributeValue> values = Map.of(":g", ConfigItemAttributes.number(item.generation()));
    return TransactWriteItem.builder()
        .put(Put.builder()
            .tableName(table)
            .item(ConfigItemAttributes.toItem(item))
            .conditionExpression(condition)
            .expressionAttributeNames(names)
            .expressionAttributeValues(values)
            .build())
        .build();
  }

  private static List<List<ProxyConfigItem>> chunks(List<ProxyConfigItem> items) {
    List<List<ProxyConfigItem>> chunks = new ArrayList<>();
    List<ProxyConfigItem> chunk = new ArrayList<>();
    long bytes = 0;
    for (ProxyConfigItem item : items) {
      long size = item.payload().length + item.key().length() * 2L + 200;
      if (!chunk.isEmpty() && (chunk.size() == MAX_ITEMS || bytes + size > MAX_BYTES)) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
        bytes = 0;
      }
      chunk.add(item);
      bytes += size;
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
    return chunks;
  }

  private static Set<String> keys(List<ProxyConfigItem> items) {
    Set<String> keys = new HashSet<>();
    items.forEach(i -> keys.add(i.key()));
    return keys;
  }
}
