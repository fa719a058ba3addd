package dev.meshplane.configstore.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Batches of at most 25, and the items DynamoDB leaves unprocessed sent again until none is left,
 * or the write fails (moto never leaves any, so a scripted client stands in).
 */
class UnconditionalBatchWriteTest {
  private static final String TABLE = "t";
  /** The pauses between attempts are not waited here: what is sent is what the tests check. */
  private static final UnconditionalBatchWrite.Pause NO_WAIT = millis -> {};

  /** Sends every batch to {@code unprocessed}, which says what DynamoDB left of it. */
  private static final class ScriptedClient implements DynamoDbClient {
    final List<List<WriteRequest>> batches = new ArrayList<>();
    final UnaryOperator<List<WriteRequest>> unprocessed;

    ScriptedClient(UnaryOperator<List<WriteRequest>> unprocessed) {
      this.unprocessed = unprocessed;
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
      List<WriteRequest> batch = request.requestItems().get(TABLE);
      batches.add(batch);
      return BatchWriteItemResponse.builder().unprocessedItems(Map.of(TABLE, unprocessed.apply(batch))).build();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {}
  }

  private static List<WriteRequest> deletes(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> WriteRequest.builder().deleteRequest(d -> d.key(Map.of("k", AttributeValue.fromS("" + i))))
            .build())
        .toList();
  }

  @Test
  void itemsGoInBatchesOfTwentyFiveAndWhatIsLeftUnprocessedIsSentAgain() {
    List<WriteRequest> leftOnce = new ArrayList<>();
    ScriptedClient client = new ScriptedClient(batch -> {
      // DynamoDB leaves the last two of the first batch once.
      if (leftOnce.isEmpty() && batch.size() == 25) {
        leftOnce.addAll(batch.subList(23, 25));
        return leftOnce;
      }
      return List.of();
    });
    List<WriteRequest> requests = deletes(60);
    new UnconditionalBatchWrite(client, TABLE, 1, NO_WAIT).writeAll(requests);

    assertThat(client.batches).extracting(List::size).containsExactly(25, 2, 25, 10);
    assertThat(client.batches.get(1)).isEqualTo(requests.subList(23, 25));
    assertThat(client.batches.stream().flatMap(List::stream).distinct()).containsExactlyInAnyOrderElementsOf(requests);
  }

  @Test
  void itemsLeftUnprocessedAttemptAfterAttemptFailTheWriteAfterTheBatchesBefore() {
    ScriptedClient client = new ScriptedClient(batch -> batch.size() <= 5 ? batch.subList(batch.size() - 1, batch.size()) : List.of());

    assertThatThrownBy(() -> new UnconditionalBatchWrite(client, TABLE, 1, NO_WAIT).writeAll(deletes(30)))
        .isInstanceOf(SdkClientException.class)
        .hasMessageContaining("1 of 5 items still unprocessed after 6 attempts");
    assertThat(client.batches).extracting(List::size).containsExactly(25, 5, 1, 1, 1, 1, 1);
  }
}
