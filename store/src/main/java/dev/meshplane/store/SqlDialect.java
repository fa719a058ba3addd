package dev.meshplane.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What differs between the databases the store runs on. Everything else (tables, queries,
 * {@code UPDATE ... RETURNING}) is the same SQL on SQLite and PostgreSQL.
 */
interface SqlDialect {

  /** Column type for names and keys that are compared and sorted byte-wise, as SQLite does. */
  String sortedText();

  /** Starts a transaction that holds the store's write lock until it ends. */
  void beginWrite(Connection connection) throws SQLException;

  /** Starts a read-only transaction over one consistent snapshot. */
  void beginRead(Connection connection) throws SQLException;

  /** Starts the transaction that creates the schema; concurrent starters wait for each other. */
  void beginSchemaChange(Connection connection) throws SQLException;

  void commit(Connection connection) throws SQLException;

  void rollback(Connection connection) throws SQLException;

  /** True when the transaction lost a race and running it again can succeed. */
  boolean isRetryable(SQLException failure);
}
