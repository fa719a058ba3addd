package dev.meshplane.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * PostgreSQL: pooled connections are SERIALIZABLE with auto-commit off. A write first locks
 * {@code journal_head}, before its snapshot is taken, so concurrent writers queue instead of
 * failing each other with serialization errors on the journal head row.
 */
final class PostgresDialect implements SqlDialect {

  /** serialization_failure, deadlock_detected, unique_violation (two creates raced to one key). */
  private static final Set<String> RETRYABLE_STATES = Set.of("40001", "40P01", "23505");

  /** Arbitrary constant: the advisory lock that serializes schema creation across processes. */
  private static final long SCHEMA_LOCK = 0x6d657368L;

  @Override
  public String sortedText() {
    return "TEXT COLLATE \"C\""; // byte order, like SQLite, whatever the database's locale
  }

  @Override
  public void beginWrite(Connection connection) throws SQLException {
    execute(connection, "LOCK TABLE journal_head IN EXCLUSIVE MODE");
  }

  @Override
  public void beginRead(Connection connection) throws SQLException {
    // Read-only snapshots never need SERIALIZABLE's extra checks (nor fail with them).
    execute(connection, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  }

  @Override
  public void beginSchemaChange(Connection connection) throws SQLException {
    execute(connection, "SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
  }

  @Override
  public void commit(Connection connection) throws SQLException {
    connection.commit();
  }

  @Override
  public void rollback(Connection connection) throws SQLException {
    connection.rollback();
  }

  @Override
  public boolean isRetryable(SQLException failure) {
    for (SQLException e = failure; e != null; e = e.getNextException()) {
      if (e.getSQLState() != null && RETRYABLE_STATES.contains(e.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
