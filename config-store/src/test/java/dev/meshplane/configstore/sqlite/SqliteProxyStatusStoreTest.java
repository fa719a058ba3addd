package dev.meshplane.configstore.sqlite;

import dev.meshplane.configstore.ProxyStatusStore;
import dev.meshplane.configstore.ProxyStatusStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteProxyStatusStoreTest extends ProxyStatusStoreContract {
  @TempDir Path dataDir;

  @Override
  protected ProxyStatusStore newStore() {
    return SqliteProxyStatusStore.open(dataDir);
  }
}
