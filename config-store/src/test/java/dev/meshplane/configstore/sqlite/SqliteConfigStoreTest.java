package dev.meshplane.configstore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ConfigStoreContract;
import dev.meshplane.configstore.ConfigStoreUnavailableException;
import dev.meshplane.configstore.ProxyConfigItem;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteConfigStoreTest extends ConfigStoreContract {

  @TempDir Path dataDir;

  @Override
  protected ConfigStore newStore() {
    return SqliteConfigStore.open(dataDir);
  }

  @Test
  void itemsSurviveReopeningTheFile() {
    ProxyConfigItem item = item("mesh/shop/virtualNode/cart", "shop", 4, new byte[] {1, 2, 3});
    store.put(item);
    store.close();

    try (ConfigStore reopened = SqliteConfigStore.open(dataDir)) {
      assertThat(reopened.get(item.key())).contains(item);
    }
    store = SqliteConfigStore.open(dataDir);
    assertThat(dataDir.resolve(SqliteConfigStore.FILE_NAME)).exists();
  }

  @Test
  void aStoreThatCannotAnswerThrowsRatherThanListingNothing() throws Exception {
    store.put(item("mesh/shop/virtualNode/cart", "shop", 4, new byte[] {1}));
    // Another process breaking the file is a real failure, not an empty mesh.
    try (Connection other = DriverManager.getConnection(
            "jdbc:sqlite:" + dataDir.resolve(SqliteConfigStore.FILE_NAME).toAbsolutePath());
        Statement statement = other.createStatement()) {
      statement.execute("DROP TABLE configs");
    }

    assertThatThrownBy(() -> store.listMeshVersions("shop")).isInstanceOf(ConfigStoreUnavailableException.class);
    assertThatThrownBy(() -> store.listMesh("shop")).isInstanceOf(ConfigStoreUnavailableException.class);
  }
}
