package dev.meshplane.configstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ConfigStore} promises; each implementation's test extends this. */
public abstract class ConfigStoreContract {

  private static final String KEY = "mesh/shop/virtualNode/cart";

  protected ConfigStore store;

  /** A new, empty store for one test. */
  protected abstract ConfigStore newStore();

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void anItemReadsBackExactlyAsWritten() {
    ProxyConfigItem item = item(KEY, "shop", 7, everyByteValue());

    assertThat(store.put(item)).isTrue();

    ProxyConfigItem read = store.get(KEY).orElseThrow();
    assertThat(read).isEqualTo(item);
    assertThat(read.payload()).containsExactly(everyByteValue());
  }

  @Test
  void aBatchWritesEveryItemUnderItsOwnGenerationCondition() {
    ProxyConfigItem newer = item("mesh/shop/virtualNode/kept", "shop", 9, new byte[] {9});
    store.put(newer);
    store.put(item("mesh/shop/virtualNode/moved", "shop", 3, new byte[] {3}));
    List<ProxyConfigItem> batch = new ArrayList<>();
    batch.add(item("mesh/shop/virtualNode/kept", "shop", 8, new byte[] {8}));
    batch.add(item("mesh/shop/virtualNode/moved", "shop", 8, new byte[] {8}));
    batch.add(item("mesh/shop/virtualNode/new", "shop", 8, new byte[] {8}));

    assertThat(store.putAll(batch)).containsExactlyInAnyOrder("mesh/shop/virtualNode/moved", "mesh/shop/virtualNode/new");

    assertThat(store.get("mesh/shop/virtualNode/kept")).as("an older generation never overwrites").contains(newer);
    assertThat(store.get("mesh/shop/virtualNode/moved")).contains(batch.get(1));
    assertThat(store.get("mesh/shop/virtualNode/new")).contains(batch.get(2));
  }

  @Test
  void aBatchLargerThanOneRequestWritesEverything() {
    List<ProxyConfigItem> batch = new ArrayList<>();
    for (int i = 0; i < 230; i++) {
      batch.add(item("mesh/big/virtualNode/n" + i, "big", 1, new byte[] {(byte) i}));
    }
    store.put(item("mesh/big/virtualNode/n150", "big", 2, new byte[] {2}));

    assertThat(store.putAll(batch)).hasSize(229).doesNotContain("mesh/big/virtualNode/n150");

    assertThat(store.listMesh("big")).hasSize(230);
    assertThat(store.putAll(List.of())).isEmpty();
  }

  @Test
  void aKeyNeverWrittenReadsAsAbsent() {
    assertThat(store.get("mesh/shop/virtualNode/nobody")).isEmpty();
  }

  @Test
  void anOlderGenerationIsRefusedAndTheStoredItemStays() {
    ProxyConfigItem newer = item(KEY, "shop", 8, new byte[] {8});
    store.put(newer);

    assertThat(store.put(item(KEY, "shop", 7, new byte[] {7}))).isFalse();

    assertThat(store.get(KEY)).contains(newer);
  }

  @Test
  void theSameGenerationOverwrites() {
    store.put(item(KEY, "shop", 8, new byte[] {1}));
    ProxyConfigItem rewrite = item(KEY, "shop", 8, new byte[] {2});

    assertThat(store.put(rewrite)).isTrue();

    assertThat(store.get(KEY)).contains(rewrite);
  }

  @Test
  void aNewerGenerationOverwrites() {
    store.put(item(KEY, "shop", 8, new byte[] {1}));
    ProxyConfigItem newer = item(KEY, "shop", 9, new byte[] {2});

    assertThat(store.put(newer)).isTrue();

    assertThat(store.get(KEY)).contains(newer);
  }

  @Test
  void aDeleteWithAnOlderGenerationIsRefused() {
    ProxyConfigItem recreated = item(KEY, "shop", 9, new byte[] {9});
    store.put(recreated);

    assertThat(store.delete(KEY, 8)).isFalse();

    assertThat(store.get(KEY)).contains(recreated);
  }

  @Test
  void aDeleteWithTheSameOrNewerGenerationRemovesTheItem() {
    store.put(item(KEY, "shop", 9, new byte[] {9}));
    store.put(item("mesh/shop/virtualNode/till", "shop", 9, new byte[] {9}));

    assertThat(store.delete(KEY, 9)).isTrue();
    assertThat(store.delete("mesh/shop/virtualNode/till", 10)).isTrue();

    assertThat(store.get(KEY)).isEmpty();
    assertThat(store.get("mesh/shop/virtualNode/till")).isEmpty();
  }

  @Test
  void deletingAnAbsentItemReportsFalse() {
    assertThat(store.delete("mesh/shop/virtualNode/nobody", 1)).isFalse();
  }

  @Test
  void listingAMeshReturnsItsItemsInKeyOrderAndNothingElse() {
    ProxyConfigItem gateway = item("mesh/shop/virtualGateway/edge", "shop", 3, new byte[] {1});
    ProxyConfigItem till = item("mesh/shop/virtualNode/till", "shop", 3, new byte[] {2});
    ProxyConfigItem cart = item("mesh/shop/virtualNode/cart", "shop", 3, new byte[] {3});
    store.put(till);
    store.put(item("mesh/bank/virtualNode/vault", "bank", 5, new byte[] {4}));
    store.put(gateway);
    store.put(cart);

    assertThat(store.listMesh("shop")).containsExactly(gateway, cart, till);
    assertThat(store.listMesh("nowhere")).isEmpty();
  }

  @Test
  void meshVersionsMatchTheItemsAfterPutsAndDeletes() {
    ProxyConfigItem gateway = item("mesh/shop/virtualGateway/edge", "shop", 3, new byte[] {1});
    ProxyConfigItem till = item("mesh/shop/virtualNode/till", "shop", 3, new byte[] {2});
    ProxyConfigItem cart = item("mesh/shop/virtualNode/cart", "shop", 3, new byte[] {3});
    store.put(till);
    store.put(item("mesh/bank/virtualNode/vault", "bank", 5, new byte[] {4}));
    store.put(gateway);
    store.put(cart);
    ProxyConfigItem newerCart = item(cart.key(), "shop", 4, new byte[] {3, 3});
    store.put(newerCart);
    store.put(item(till.key(), "shop", 2, new byte[] {9, 9, 9}));
    store.delete(gateway.key(), 3);

    assertThat(store.listMeshVersions("shop"))
        .containsExactly(ProxyConfigVersion.of(newerCart), ProxyConfigVersion.of(till))
        .isEqualTo(store.listMesh("shop").stream().map(ProxyConfigVersion::of).toList());
    assertThat(store.listMeshVersions("nowhere")).isEmpty();
  }

  @Test
  void meshVersionsListEveryItemOfALargeMesh() {
    // Payloads big enough that listing whole items would take several 1 MB Query pages.
    byte[] payload = new byte[200 * 1024];
    List<ProxyConfigVersion> written = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ProxyConfigItem item = item(String.format("mesh/big/virtualNode/n%02d", i), "big", 1 + i, payload);
      store.put(item);
      written.add(ProxyConfigVersion.of(item));
    }

    assertThat(store.listMeshVersions("big")).containsExactlyElementsOf(written);
  }

  protected static ProxyConfigItem item(String key, String mesh, long generation, byte[] payload) {
    return new ProxyConfigItem(
        key, mesh, generation, "sha256:" + generation + "-" + payload.length, payload,
        Instant.parse("2026-03-01T12:00:00.123Z").plusSeconds(generation));
  }

  private static byte[] everyByteValue() {
    byte[] bytes = new byte[512];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }
}
