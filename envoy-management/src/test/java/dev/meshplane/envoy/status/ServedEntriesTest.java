package dev.meshplane.envoy.status;

import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.configstore.ProxyStatusEntry;
import dev.meshplane.envoy.node.ProxyTarget;
import dev.meshplane.envoy.node.ProxyVariant;
import dev.meshplane.model.ResourceId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A served item's status entry is made once per item, and is what the status API reads for it. */
class ServedEntriesTest {
  private static final ProxyTarget CLIENT =
      new ProxyTarget(ResourceId.of("demo", VIRTUAL_NODE, "client"), ProxyVariant.SIDECAR);
  private static final String ID = "served/" + CLIENT.key() + "/SIDECAR";
  private static final Instant COMMITTED = Instant.parse("2026-12-02T20:00:00.123Z");

  private final ServedEntries entries = new ServedEntries("em-1");

  private static ProxyConfigItem item(long generation, String hash, String payload, Instant committed) {
    return new ProxyConfigItem(CLIENT.key(), "demo", generation, hash, payload.getBytes(StandardCharsets.UTF_8), committed);
  }

  @Test
  void theEntryIsTheServedDocumentOfTheItem() throws Exception {
    ProxyStatusEntry entry = entries.entry(ID, CLIENT, item(3, "h3", "payload-3", COMMITTED));

    assertThat(entry.kind()).isEqualTo(ProxyStatusEntry.SERVED);
    assertThat(entry.instance()).isEqualTo("em-1");
    assertThat(entry.mesh()).isEqualTo("demo");
    assertThat(entry.proxyKey()).isEqualTo(CLIENT.key());
    assertThat(entry.document())
        .isEqualTo(StatusDocuments.served("em-1", CLIENT, item(3, "h3", "payload-3", COMMITTED)).toString());
    var document = new ObjectMapper().readTree(entry.document());
    assertThat(document.path("generation").asLong()).isEqualTo(3);
    assertThat(Base64.getDecoder().decode(document.path("payload").asText())).asString(StandardCharsets.UTF_8)
        .isEqualTo("payload-3");
  }

  @Test
  void anUnchangedItemReusesItsEntryAndAnyChangeMakesANewOne() {
    ProxyStatusEntry first = entries.entry(ID, CLIENT, item(3, "h3", "payload-3", COMMITTED));

    assertThat(entries.entry(ID, CLIENT, item(3, "h3", "payload-3", COMMITTED))).isSameAs(first);
    ProxyStatusEntry newerGeneration = entries.entry(ID, CLIENT, item(4, "h3", "payload-3", COMMITTED));
    assertThat(newerGeneration).isNotSameAs(first);
    assertThat(newerGeneration.document()).contains("\"generation\":4");
    ProxyStatusEntry otherContent = entries.entry(ID, CLIENT, item(4, "h4", "payload-4", COMMITTED));
    assertThat(otherContent.document())
        .contains(Base64.getEncoder().encodeToString("payload-4".getBytes(StandardCharsets.UTF_8)));
    ProxyStatusEntry laterCommit = entries.entry(ID, CLIENT, item(4, "h4", "payload-4", COMMITTED.plusSeconds(1)));
    assertThat(laterCommit.document()).contains("2026-12-02T20:00:01.123Z");
  }

  @Test
  void aProxyNoLongerServedIsForgotten() {
    ProxyStatusEntry first = entries.entry(ID, CLIENT, item(3, "h3", "payload-3", COMMITTED));

    entries.retainOnly(Set.of());

    ProxyStatusEntry again = entries.entry(ID, CLIENT, item(3, "h3", "payload-3", COMMITTED));
    assertThat(again).isNotSameAs(first).isEqualTo(first);
  }
}
