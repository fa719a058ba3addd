package dev.meshplane.store;

import static org.awaitility.Awaitility.await;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LISTEN/NOTIFY hints between two processes' worth of connections, on a real PostgreSQL. */
class PostgresNotificationsTest {
  private static String url;

  @BeforeAll
  static void database() {
    url = PostgresFixture.database();
  }

  private static PostgresNotifications channel(String name) {
    return new PostgresNotifications(url, PostgresFixture.USER, PostgresFixture.PASSWORD, name);
  }

  @Test
  void aPublishedNameReachesEveryListenerOfTheChannelAndNoOther() throws Exception {
    BlockingQueue<String> first = new LinkedBlockingQueue<>();
    BlockingQueue<String> second = new LinkedBlockingQueue<>();
    BlockingQueue<String> elsewhere = new LinkedBlockingQueue<>();
    try (AutoCloseable a = channel("config_changes").listen(first::add);
        AutoCloseable b = channel("config_changes").listen(second::add);
        AutoCloseable c = channel("other_changes").listen(elsewhere::add);
        PostgresNotifications.Publisher publisher = channel("config_changes").publisher()) {
      awaitListening("config_changes", 2);
      awaitListening("other_changes", 1);
      publisher.publish("mesh-a");
      assertThat(first.poll(10, TimeUnit.SECONDS)).isEqualTo("mesh-a");
      assertThat(second.poll(10, TimeUnit.SECONDS)).isEqualTo("mesh-a");
      publisher.publish("mesh-b");
      assertThat(first.poll(10, TimeUnit.SECONDS)).isEqualTo("mesh-b");
      assertThat(elsewhere.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }
  }

  @Test
  void aListenerWhoseConnectionDropsListensAgain() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    try (AutoCloseable listener = channel("dropped_changes").listen(received::add);
        PostgresNotifications.Publisher publisher = channel("dropped_changes").publisher()) {
      awaitListening("dropped_changes", 1);
      try (Connection admin = DriverManager.getConnection(url, PostgresFixture.USER, PostgresFixture.PASSWORD);
          Statement statement = admin.createStatement()) {
        statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE application_name = 'meshplane-listen-dropped_changes'");
      }
      // Hints sent while it is down are lost (the poll covers them); once it is back it hears again.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      String heard = null;
      while (heard == null && System.nanoTime() < deadline) {
        publisher.publish("mesh-after-drop");
        heard = received.poll(500, TimeUnit.MILLISECONDS);
      }
      assertThat(heard).isEqualTo("mesh-after-drop");
    }
  }

  @Test
  void aChannelMustBeAPlainIdentifier() {
    assertThatThrownBy(() -> channel("changes; DROP TABLE x")).isInstanceOf(IllegalArgumentException.class);
  }

  /** Waits until {@code listeners} connections listen on the channel (LISTEN is in effect only once run). */
  private static void awaitListening(String channel, int listeners) throws Exception {
    try (Connection admin = DriverManager.getConnection(url, PostgresFixture.USER, PostgresFixture.PASSWORD);
        Statement statement = admin.createStatement()) {
      await("listeners on " + channel).atMost(Duration.ofSeconds(20)).until(() -> {
        var rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
            + " WHERE application_name = 'meshplane-listen-" + channel + "' AND query LIKE 'LISTEN%'");
        rows.next();
        return rows.getInt(1) >= listeners;
      });
    }
  }
}
