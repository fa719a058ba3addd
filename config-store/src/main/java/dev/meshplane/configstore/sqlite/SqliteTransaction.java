package dev.meshplane.configstore.sqlite;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on a pooled connection as one transaction: committed when it returns, rolled back when it throws. */
final class SqliteTransaction {
  interface Work<T> {
    T run() throws SQLException;
  }

  private SqliteTransaction() {}

  /** {@code work} in one transaction on {@code connection}, which is left in auto-commit again for the pool. */
  static <T> T run(Connection connection, Work<T> work) throws SQLException {
    connection.setAutoCommit(false);
    try {
      T result = work.run();
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }
}
