package dev.meshplane.configstore.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshplane.configstore.ConfigStoreUnavailableException;
import dev.meshplane.configstore.MotoServer;
import dev.meshplane.configstore.ProxyConfigItem;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Static stability: when DynamoDB cannot answer, the store throws; it never reports an item as
 * absent or a mesh as empty, which a management server would turn into an empty proxy config.
 */
class DynamoDbConfigStoreUnavailableTest {

  private static final ProxyConfigItem ITEM = new ProxyConfigItem(
      "mesh/shop/virtualNode/cart", "shop", 3, "sha256:3", new byte[] {3}, Instant.parse("2026-03-01T12:00:00Z"));

  private static MotoServer moto;

  @BeforeAll
  static void startMoto() {
    moto = MotoServer.start();
  }

  @AfterAll
  static void stopMoto() {
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  void everyOperationFailsLoudlyWhileDynamoDbIsDownAndAfterItComesBackEmpty() {
    DynamoDbConfigStore store = DynamoDbConfigStore.open(moto.dynamoDbClient(), "configs");
    store.put(ITEM);
    assertThat(store.get(ITEM.key())).contains(ITEM);

    moto.stop();

    assertUnavailable(store);

    // A restarted emulator has lost the table: that is an error too, not an empty store.
    moto.restart();

    assertUnavailable(store);
  }

  private static void assertUnavailable(DynamoDbConfigStore store) {
    assertThatThrownBy(() -> store.get(ITEM.key())).isInstanceOf(ConfigStoreUnavailableException.class);
    assertThatThrownBy(() -> store.listMesh("shop")).isInstanceOf(ConfigStoreUnavailableException.class);
    assertThatThrownBy(() -> store.listMeshVersions("shop")).isInstanceOf(ConfigStoreUnavailableException.class);
    assertThatThrownBy(() -> store.put(ITEM)).isInstanceOf(ConfigStoreUnavailableException.class);
    assertThatThrownBy(() -> store.delete(ITEM.key(), 3)).isInstanceOf(ConfigStoreUnavailableException.class);
  }
}
