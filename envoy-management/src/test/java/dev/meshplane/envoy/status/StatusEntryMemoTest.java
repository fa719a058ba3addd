package dev.meshplane.envoy.status;

import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.configstore.ProxyStatusEntry;
import dev.meshplane.envoy.node.ProxyTarget;
import dev.meshplane.envoy.node.ProxyVariant;
import dev.meshplane.model.ResourceId;
import io.envoyproxy.controlplane.cache.Resources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The publisher's entries are made again exactly when what they are made from changed: a stream's
 * type states or its manager's facts, a served item's generation, hash, commit time or payload.
 */
class StatusEntryMemoTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ProxyTarget CLIENT =
      new ProxyTarget(ResourceId.of("demo", VIRTUAL_NODE, "client"), ProxyVariant.SIDECAR);
  private static final Instant AT = Instant.parse("2026-12-02T20:00:00.123Z");

  private final StatusEntryMemo memo = new StatusEntryMemo();
  private final AtomicInteger made = new AtomicInteger();

  private ProxyStatusEntry stream(StatusDocuments.StreamInputs inputs) {
    return memo.entry("stream/7", inputs, () -> {
      made.incrementAndGet();
      return new ProxyStatusEntry("em-1", "stream/7", "demo", CLIENT.key(), ProxyStatusEntry.STREAM,
          StatusDocuments.stream("em-1", inputs));
    });
  }

  private static StatusDocuments.StreamInputs inputs(TypeState clusters, long generation) {
    ConnectedStream stream = new ConnectedStream(7, CLIENT, CLIENT.key(), "envoy/1.34", AT,
        Map.of(Resources.V3.CLUSTER_TYPE_URL, clusters));
    return new StatusDocuments.StreamInputs(stream, Optional.of(new StatusDocuments.ManagerFacts(
        generation, Optional.of("h" + generation), Optional.of(AT), Optional.of(Duration.ofMillis(40)), Optional.of(AT))));
  }

  @Test
  void aStreamsEntryIsMadeAgainOnlyWhenItsTypeStatesOrItsManagersFactsChange() throws Exception {
    TypeState sent = TypeState.NONE.sent("v1", AT);
    ProxyStatusEntry first = stream(inputs(sent, 3));
    assertThat(stream(inputs(sent, 3))).isSameAs(first);
    assertThat(made).hasValue(1);
    JsonNode stale = JSON.readTree(first.document());
    assertThat(stale.path("status").asText()).isEqualTo("STALE");
    assertThat(stale.path("generation").asLong()).isEqualTo(3);
    assertThat(stale.path("journalCommitTime").asText()).isEqualTo("2026-12-02T20:00:00.123Z");

    JsonNode synced = JSON.readTree(stream(inputs(sent.acked("v1"), 3)).document());
    assertThat(synced.path("types").get(0).path("status").asText()).isEqualTo("SYNCED");
    JsonNode newer = JSON.readTree(stream(inputs(sent.acked("v1"), 4)).document());
    assertThat(newer.path("generation").asLong()).isEqualTo(4);
    assertThat(newer.path("contentHash").asText()).isEqualTo("h4");
    assertThat(made).hasValue(3);
  }

  private ProxyStatusEntry served(ProxyConfigItem item) {
    return memo.entry("served/x", item, () -> {
      made.incrementAndGet();
      return new ProxyStatusEntry("em-1", "served/x", "demo", CLIENT.key(), ProxyStatusEntry.SERVED,
          StatusDocuments.served("em-1", CLIENT, item));
    });
  }

  private static ProxyConfigItem item(long generation, String payload) {
    return new ProxyConfigItem(CLIENT.key(), "demo", generation, "hash", payload.getBytes(StandardCharsets.UTF_8), AT);
  }

  @Test
  void aServedEntryIsMadeOncePerItemComparedByValue() throws Exception {
    ProxyStatusEntry first = served(item(3, "payload-3"));
    // An equal item read again (another object, another payload array) is the same input.
    assertThat(served(item(3, "payload-3"))).isSameAs(first);
    assertThat(made).hasValue(1);

    ProxyStatusEntry otherPayload = served(item(3, "payload-x"));
    assertThat(otherPayload).isNotSameAs(first);
    assertThat(JSON.readTree(otherPayload.document()).path("payload").asText())
        .isEqualTo(java.util.Base64.getEncoder().encodeToString("payload-x".getBytes(StandardCharsets.UTF_8)));
    assertThat(JSON.readTree(served(item(4, "payload-x")).document()).path("generation").asLong()).isEqualTo(4);
    assertThat(made).hasValue(3);
  }

  @Test
  void entriesNotPublishedAnyMoreAreForgotten() {
    ProxyStatusEntry first = served(item(3, "payload-3"));
    memo.retainOnly(Set.of("stream/7"));
    ProxyStatusEntry again = served(item(3, "payload-3"));
    assertThat(again).isNotSameAs(first).isEqualTo(first);
    assertThat(made).hasValue(2);
  }
}
