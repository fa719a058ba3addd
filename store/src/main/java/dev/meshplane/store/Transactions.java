package dev.meshplane.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs work in one transaction on a pooled connection, running it again after a retryable
 * failure (a lock or serialization conflict) with a short randomized pause: at most
 * {@link #MAX_ATTEMPTS} attempts, and none started after the retry window. Any other database
 * failure, and running out of attempts or time, is {@link StoreException.Kind#UNAVAILABLE}; a
 * {@link StoreException} from the work (a refused write) rolls the transaction back and
 * propagates as it is.
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

  /**
   * How long after the first attempt a retry may still start. SQLite reports busy only after its
   * busy timeout has already waited, so counting attempts alone would let one stuck writer hold
   * every caller for twenty busy timeouts.
   */
  static final Duration RETRY_WINDOW = Duration.ofSeconds(10);

  private static final int MAX_PAUSE_MILLIS = 50;

  private final HikariDataSource dataSource;
  private final SqlDialect dialect;
  private final long retryWindowNanos;
  /** Present for a single writer's transactions: its statements kept across them. */
  private final ReusedStatements statements;

  Transactions(HikariDataSource dataSource, SqlDialect dialect) {
    this(dataSource, dialect, RETRY_WINDOW, null);
  }

  Transactions(HikariDataSource dataSource, SqlDialect dialect, Duration retryWindow) {
    this(dataSource, dialect, retryWindow, null);
  }

  /**
   * Transactions of one thread that keep their prepared statements from one to the next
   * ({@link ReusedStatements}); the pool should hold one connection, so they are kept for long.
   */
  static Transactions reusingStatements(HikariDataSource dataSource, SqlDialect dialect) {
    return new Transactions(dataSource, dialect, RETRY_WINDOW, new ReusedStatements());
  }

  private Transactions(HikariDataSource dataSource, SqlDialect dialect, Duration retryWindow, ReusedStatements statements) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.retryWindowNanos = retryWindow.toNanos();
    this.statements = statements;
  }

  /** Statements prepared so far when they are kept (tests), else 0. */
  long statementsPrepared() {
    return statements == null ? 0 : statements.prepared();
  }

  /** True when the failure is a lost race that running the transaction again can win. */
  boolean isRetryable(SQLException failure) {
    return dialect.isRetryable(failure);
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
    long started = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        return once(begin, work);
      } catch (SQLException failure) {
        if (!dialect.isRetryable(failure)) {
          throw new StoreException(
              StoreException.Kind.UNAVAILABLE, "The store failed: " + failure.getMessage(), failure);
        }
        if (attempt == MAX_ATTEMPTS || System.nanoTime() - started > retryWindowNanos) {
          throw new StoreException(
              StoreException.Kind.UNAVAILABLE,
              "The store stayed busy after " + attempt + (attempt == 1 ? " attempt: " : " attempts: ")
                  + failure.getMessage(),
              failure);
        }
        pause(attempt);
      }
    }
  }

  private <T> T once(Begin begin, Work<T> work) throws SQLException {
    try (Connection pooled = dataSource.getConnection()) {
      Connection connection = statements == null ? pooled : statements.on(pooled);
      begin.begin(connection);
      T result;
      try {
        result = work.run(connection);
        dialect.commit(connection);
      } catch (SQLException | RuntimeException | Error failure) {
        rollback(pooled, connection, failure);
        throw failure;
      }
      return result;
    }
  }

  /** Rolls back; a connection that cannot even roll back is closed for good, not pooled again. */
  private void rollback(Connection pooled, Connection connection, Throwable cause) {
    try {
      dialect.rollback(connection);
    } catch (SQLException rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
      dataSource.evictConnection(pooled);
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
