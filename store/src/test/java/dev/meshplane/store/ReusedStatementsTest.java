package dev.meshplane.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer's statements are prepared once per connection and stay right across uses, rollbacks and connections. */
class ReusedStatementsTest {

  @TempDir Path dir;
  private final ReusedStatements statements = new ReusedStatements();
  private String url;

  @BeforeEach
  void schema() throws SQLException {
    url = "jdbc:sqlite:" + dir.resolve("s.db");
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE rows (name TEXT PRIMARY KEY, n INTEGER)");
    }
  }

  @Test
  void theSameTextIsPreparedOnceAndEachUseBindsItsOwnValues() throws SQLException {
    try (Connection raw = DriverManager.getConnection(url)) {
      Connection connection = statements.on(raw);
      for (int i = 0; i < 500; i++) {
        insert(connection, "row-" + i, i);
        assertThat(count(connection, "row-" + i)).isEqualTo(1);
      }
      assertThat(sum(connection)).isEqualTo(499 * 500 / 2);
      assertThat(statements.prepared()).isEqualTo(3);
    }
  }

  @Test
  void aKeptStatementWorksAfterItsWriteWasRolledBackToASavepoint() throws SQLException {
    try (Connection raw = DriverManager.getConnection(url)) {
      Connection connection = statements.on(raw);
      execute(connection, "BEGIN IMMEDIATE");
      for (int i = 0; i < 50; i++) {
        execute(connection, "SAVEPOINT write");
        insert(connection, "row-" + i, i);
        if (i % 3 == 0) {
          execute(connection, "ROLLBACK TO write"); // refused: undoes this write alone
        }
        execute(connection, "RELEASE write");
      }
      // a failing use (duplicate key) leaves the statement usable too
      execute(connection, "SAVEPOINT write");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> insert(connection, "row-1", 1))
          .isInstanceOf(SQLException.class);
      execute(connection, "ROLLBACK TO write");
      execute(connection, "RELEASE write");
      insert(connection, "after", 1000);
      execute(connection, "COMMIT");
    }
    try (Connection other = DriverManager.getConnection(url)) {
      assertThat(total(other)).isEqualTo(50 - 17 + 1);
      for (String kept : List.of("row-1", "row-2", "after")) {
        assertThat(count(other, kept)).as(kept).isEqualTo(1);
      }
      for (String undone : List.of("row-0", "row-3", "row-48")) {
        assertThat(count(other, undone)).as(undone).isZero();
      }
    }
    assertThat(statements.prepared()).as("BEGIN, SAVEPOINT, INSERT, ROLLBACK TO, RELEASE, COMMIT").isEqualTo(6);
  }

  @Test
  void anotherConnectionGetsItsOwnStatementsAndTheOldOnesAreClosed() throws SQLException {
    PreparedStatement first;
    try (Connection raw = DriverManager.getConnection(url)) {
      Connection connection = statements.on(raw);
      insert(connection, "a", 1);
      first = connection.prepareStatement("INSERT INTO rows (name, n) VALUES (?, ?)"); // the kept one
    }
    try (Connection raw = DriverManager.getConnection(url)) {
      Connection connection = statements.on(raw);
      assertThat(first.isClosed()).isTrue();
      insert(connection, "b", 2);
      assertThat(count(connection, "a") + count(connection, "b")).isEqualTo(2);
    }
    assertThat(statements.prepared()).isEqualTo(3); // insert on each connection, then the count
  }

  @Test
  void atMostMaxKeptTextsAreKept() throws SQLException {
    try (Connection raw = DriverManager.getConnection(url)) {
      Connection connection = statements.on(raw);
      for (int i = 0; i < ReusedStatements.MAX_KEPT + 10; i++) {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + i);
            ResultSet rows = select.executeQuery()) {
          rows.next();
          assertThat(rows.getInt(1)).isEqualTo(i);
        }
      }
      assertThat(statements.kept()).isEqualTo(ReusedStatements.MAX_KEPT);
      // the least recently used went first: SELECT 0 is prepared again
      try (PreparedStatement select = connection.prepareStatement("SELECT 0"); ResultSet rows = select.executeQuery()) {
        rows.next();
      }
      assertThat(statements.prepared()).isEqualTo(ReusedStatements.MAX_KEPT + 11);
    }
  }

  private static void insert(Connection connection, String name, int n) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO rows (name, n) VALUES (?, ?)")) {
      insert.setString(1, name);
      insert.setInt(2, n);
      insert.executeUpdate();
    }
  }

  private static int count(Connection connection, String name) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM rows WHERE name = ?")) {
      select.setString(1, name);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  private static int total(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM rows")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static long sum(Connection connection) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT SUM(n) FROM rows");
        ResultSet rows = select.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.execute();
    }
  }
}
