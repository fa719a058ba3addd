package dev.meshplane.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs work in one transaction on a pooled connection, running it again after a retryable
 * failure (a lock or serialization conflict) with a short randomized pause, a bounded number of
 * times. Any other database failure, and running out of attempts, is
 * {@link StoreException.Kind#UNAVAILABLE}; a {@link StoreException} from the work (a refused
 * write) rolls the transaction back and propagates as it is.
 */
final class Transactions {

  /** Work inside a transaction. */
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** How a transaction starts: one of the {@link SqlDialect} begin methods. */
  private interface Begin {
    void begin(Connection connection) throws SQLException;
  }

  static final int MAX_ATTEMPTS = 20;
  private static final int MAX_PAUSE_MILLIS = 50;

  private final HikariDataSource dataSource;
  private final SqlDialect dialect;

  Transactions(HikariDataSource dataSource, SqlDialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  <T> T write(Work<T> work) {
    return run(dialect::beginWrite, work);
  }

  <T> T read(Work<T> work) {
    return run(dialect::beginRead, work);
  }

  <T> T changeSchema(Work<T> work) {
    return run(dialect::beginSchemaChange, work);
  }

  private <T> T run(Begin begin, Work<T> work) {
    SQLException last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        return once(begin, work);
      } catch (SQLException failure) {
        if (!dialect.isRetryable(failure)) {
          throw new StoreException(
              StoreException.Kind.UNAVAILABLE, "The store failed: " + failure.getMessage(), failure);
        }
        last = failure;
        pause(attempt);
      }
    }
    throw new StoreException(
        StoreException.Kind.UNAVAILABLE,
        "The store stayed busy after " + MAX_ATTEMPTS + " attempts: " + last.getMessage(),
        last);
  }

  private <T> T once(Begin begin, Work<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      begin.begin(connection);
      T result;
      try {
        result = work.run(connection);
        dialect.commit(connection);
      } catch (SQLException | RuntimeException | Error failure) {
        rollback(connection, failure);
        throw failure;
      }
      return result;
    }
  }

  /** Rolls back; a connection that cannot even roll back is closed for good, not pooled again. */
  private void rollback(Connection connection, Throwable cause) {
    try {
      dialect.rollback(connection);
    } catch (SQLException rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
      dataSource.evictConnection(connection);
    }
  }

  private static void pause(int attempt) {
    int bound = Math.min(MAX_PAUSE_MILLIS, 1 << Math.min(attempt, 6));
    try {
      Thread.sleep(1 + ThreadLocalRandom.current().nextInt(bound));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new StoreException(StoreException.Kind.UNAVAILABLE, "Interrupted while waiting to retry", interrupted);
    }
  }
}
