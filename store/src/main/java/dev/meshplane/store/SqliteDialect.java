package dev.meshplane.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite: connections stay in auto-commit mode and transactions are explicit statements, because
 * sqlite-jdbc's {@code commit()} opens the next transaction at once, which with IMMEDIATE mode
 * would hold the write lock on an idle pooled connection.
 */
final class SqliteDialect implements SqlDialect {

  @Override
  public String sortedText() {
    return "TEXT"; // BINARY collation is SQLite's default
  }

  @Override
  public void beginWrite(Connection connection) throws SQLException {
    execute(connection, "BEGIN IMMEDIATE");
  }

  @Override
  public void beginRead(Connection connection) throws SQLException {
    execute(connection, "BEGIN DEFERRED"); // in WAL mode the first read fixes the snapshot
  }

  @Override
  public void beginSchemaChange(Connection connection) throws SQLException {
    beginWrite(connection);
  }

  @Override
  public void commit(Connection connection) throws SQLException {
    execute(connection, "COMMIT");
  }

  @Override
  public void rollback(Connection connection) throws SQLException {
    try {
      execute(connection, "ROLLBACK");
    } catch (SQLException failure) {
      // SQLite ends the transaction itself after some errors (SQLITE_FULL, SQLITE_IOERR)
      if (failure.getMessage() == null || !failure.getMessage().contains("no transaction is active")) {
        throw failure;
      }
    }
  }

  @Override
  public boolean isRetryable(SQLException failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException sqlite) {
        int primary = sqlite.getResultCode().code & 0xff;
        if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
          return true;
        }
      }
    }
    return false;
  }

  /** Prepared, not created, so a connection that keeps its statements ({@link ReusedStatements}) keeps these too. */
  private static void execute(Connection connection, String sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.execute();
    }
  }
}
