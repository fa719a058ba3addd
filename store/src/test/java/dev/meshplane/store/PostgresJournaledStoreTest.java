package dev.meshplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshplane.model.ResourceId;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

  @Test
  void anUnreachableDatabaseIsUnavailableAtOpen() {
    assertUnavailableWithin(
        Duration.ofSeconds(15),
        () -> JdbcJournaledStore.postgres("jdbc:postgresql://127.0.0.1:1/meshplane", "meshplane", "none", clock));
  }

  /** Reads during an outage fail within the pool's connection timeout; they never come back empty. */
  @Test
  void aDatabaseThatGoesAwayIsUnavailableNotEmpty() {
    String lost = PostgresFixture.database();
    try (JournaledStore outage =
        JdbcJournaledStore.postgres(lost, PostgresFixture.USER, PostgresFixture.PASSWORD, clock)) {
      ResourceId meshId = ResourceId.mesh("lost");
      outage.apply(create(meshId));

      PostgresFixture.cutOff(lost);

      assertUnavailableWithin(Duration.ofSeconds(15), () -> outage.get(meshId));
      assertUnavailableWithin(Duration.ofSeconds(15), () -> outage.snapshot("lost"));
      assertUnavailableWithin(Duration.ofSeconds(15), () -> outage.apply(update(meshId, 1L)));
    }
  }

  private static void assertUnavailableWithin(Duration limit, ThrowingCallable call) {
    long started = System.nanoTime();
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(limit);
  }
}
