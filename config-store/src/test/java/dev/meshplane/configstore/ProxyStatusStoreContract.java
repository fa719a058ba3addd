package dev.meshplane.configstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every proxy status store must do; each implementation's test runs it. */
public abstract class ProxyStatusStoreContract {
  private static final Instant NOW = Instant.parse("2026-12-02T07:00:00Z");

  protected ProxyStatusStore store;

  protected abstract ProxyStatusStore newStore();

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static ProxyStatusEntry entry(String instance, String id, String mesh, String document) {
    return new ProxyStatusEntry(instance, id, mesh, "mesh/" + mesh + "/virtualNode/n", ProxyStatusEntry.STREAM, document);
  }

  @Test
  void entriesOfLiveInstancesAreListedPerMesh() {
    store.heartbeat("a", NOW.plusSeconds(10));
    store.heartbeat("b", NOW.plusSeconds(10));
    store.put(entry("a", "stream/1", "shop", "{\"n\":1}"));
    store.put(entry("b", "stream/1", "shop", "{\"n\":2}"));
    store.put(entry("a", "stream/2", "other", "{\"n\":3}"));

    assertThat(store.listMesh("shop", NOW)).containsExactlyInAnyOrder(
        entry("a", "stream/1", "shop", "{\"n\":1}"), entry("b", "stream/1", "shop", "{\"n\":2}"));
    assertThat(store.listMesh("other", NOW)).containsExactly(entry("a", "stream/2", "other", "{\"n\":3}"));
  }

  @Test
  void aPutReplacesAndADeleteRemoves() {
    store.heartbeat("a", NOW.plusSeconds(10));
    store.put(entry("a", "stream/1", "shop", "{\"n\":1}"));
    store.put(entry("a", "stream/1", "shop", "{\"n\":9}"));
    assertThat(store.listMesh("shop", NOW)).containsExactly(entry("a", "stream/1", "shop", "{\"n\":9}"));

    store.delete(entry("a", "stream/1", "shop", "{\"n\":9}"));
    assertThat(store.listMesh("shop", NOW)).isEmpty();
  }

  @Test
  void anExpiredOrRemovedInstanceTakesItsEntriesWithIt() {
    store.heartbeat("a", NOW.plusSeconds(10));
    store.heartbeat("b", NOW.plusSeconds(10));
    store.put(entry("a", "stream/1", "shop", "{}"));
    store.put(entry("b", "stream/1", "shop", "{}"));

    assertThat(store.listMesh("shop", NOW.plusSeconds(11))).isEmpty();
    store.heartbeat("b", NOW.plusSeconds(20));
    assertThat(store.listMesh("shop", NOW.plusSeconds(11))).containsExactly(entry("b", "stream/1", "shop", "{}"));

    store.removeInstance("b");
    assertThat(store.listMesh("shop", NOW)).containsExactly(entry("a", "stream/1", "shop", "{}"));
  }

  @Test
  void putAllWritesAndReplacesManyEntriesAndDeleteAllRemovesThem() {
    store.heartbeat("a", NOW.plusSeconds(10));
    store.put(entry("a", "stream/0", "shop", "{\"old\":true}"));
    // More than a DynamoDB batch holds (25), over two meshes; one id twice: the last counts.
    List<ProxyStatusEntry> entries = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      entries.add(entry("a", "stream/" + i, i % 2 == 0 ? "shop" : "other", "{\"n\":" + i + "}"));
    }
    entries.add(entry("a", "stream/1", "other", "{\"n\":\"again\"}"));
    store.putAll(entries);

    List<ProxyStatusEntry> expected = new ArrayList<>(entries.subList(0, 60));
    expected.set(1, entries.get(60));
    assertThat(store.listMesh("shop", NOW)).containsExactlyInAnyOrderElementsOf(
        expected.stream().filter(e -> e.mesh().equals("shop")).toList());
    assertThat(store.listMesh("other", NOW)).containsExactlyInAnyOrderElementsOf(
        expected.stream().filter(e -> e.mesh().equals("other")).toList());

    List<ProxyStatusEntry> gone = new ArrayList<>(expected.subList(0, 40));
    gone.add(entry("a", "stream/never-written", "shop", "{}"));
    store.deleteAll(gone);
    assertThat(Stream.concat(store.listMesh("shop", NOW).stream(), store.listMesh("other", NOW).stream()))
        .containsExactlyInAnyOrderElementsOf(expected.subList(40, 60));

    store.putAll(List.of());
    store.deleteAll(List.of());
    assertThat(store.listMesh("shop", NOW)).hasSize(10);
  }
}
