package dev.meshplane.store;

import org.junit.jupiter.api.BeforeAll;

class PostgresJournaledStoreTest extends JournaledStoreContract {

  private static String url;

  @BeforeAll
  static void database() {
    url = PostgresFixture.database();
  }

  @Override
  protected JournaledStore openStore() {
    return JdbcJournaledStore.postgres(url, PostgresFixture.USER, PostgresFixture.PASSWORD, clock);
  }

  @Override
  protected JournaledStore openIsolatedStore() {
    return JdbcJournaledStore.postgres(
        PostgresFixture.database(), PostgresFixture.USER, PostgresFixture.PASSWORD, clock);
  }
}
