package dev.meshplane.configstore.dynamodb;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Puts and deletes without conditions, {@value #MAX_ITEMS} to a BatchWriteItem (its limit). The
 * items DynamoDB leaves unprocessed (throttled, or its own capacity) are sent again after a
 * growing pause, as AWS asks; after {@value #ATTEMPTS} attempts the write fails. A failure leaves
 * the batches before it written; it is an {@link SdkClientException}, as the client's own failures.
 */
final class UnconditionalBatchWrite {
  static final int MAX_ITEMS = 25;
  private static final int ATTEMPTS = 6;

  /** How a writer waits before sending unprocessed items again (a test records the pauses instead). */
  @FunctionalInterface
  interface Pause {
    void pause(long millis) throws InterruptedException;
  }

  private final DynamoDbClient client;
  private final String table;
  private final long firstPauseMillis;
  private final Pause pause;

  UnconditionalBatchWrite(DynamoDbClient client, String table) {
    this(client, table, 20, Thread::sleep);
  }

  UnconditionalBatchWrite(DynamoDbClient client, String table, long firstPauseMillis, Pause pause) {
    this.client = client;
    this.table = table;
    this.firstPauseMillis = firstPauseMillis;
    this.pause = pause;
  }

  /** Writes {@code requests}, no key twice. */
  void writeAll(List<WriteRequest> requests) {
    for (int start = 0; start < requests.size(); start += MAX_ITEMS) {
      write(requests.subList(start, Math.min(requests.size(), start + MAX_ITEMS)));
    }
  }

  private void write(List<WriteRequest> chunk) {
    List<WriteRequest> pending = chunk;
    for (int attempt = 1; ; attempt++) {
      List<WriteRequest> sent = pending;
      BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(Map.of(table, sent)));
      pending = response.unprocessedItems().getOrDefault(table, List.of());
      if (pending.isEmpty()) {
        return;
      }
      if (attempt == ATTEMPTS) {
        throw SdkClientException.create(pending.size() + " of " + chunk.size() + " items still unprocessed after "
            + ATTEMPTS + " attempts");
      }
      pause(firstPauseMillis << (attempt - 1));
    }
  }

  private void pause(long millis) {
    try {
      pause.pause(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SdkClientException.create("interrupted while waiting to send unprocessed items again");
    }
  }
}
