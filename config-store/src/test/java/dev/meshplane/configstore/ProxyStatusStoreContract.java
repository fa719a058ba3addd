package dev.meshplane.configstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
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
}
