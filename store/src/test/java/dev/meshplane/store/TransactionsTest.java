package dev.meshplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

class TransactionsTest {

  @TempDir Path dir;
  private HikariDataSource pool;
  private Transactions transactions;

  @BeforeEach
  void open() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("t.db"));
    config.setMaximumPoolSize(1);
    pool = new HikariDataSource(config);
    transactions = new Transactions(pool, new SqliteDialect());
  }

  @AfterEach
  void close() {
    pool.close();
  }

  @Test
  void aBusyDatabaseIsRetried() {
    AtomicInteger attempts = new AtomicInteger();
    String result =
        transactions.write(connection -> {
          if (attempts.incrementAndGet() < 3) {
            throw new SQLiteException("database is locked", SQLiteErrorCode.SQLITE_BUSY);
          }
          return "done";
        });
    assertThat(result).isEqualTo("done");
    assertThat(attempts).hasValue(3);
  }

  @Test
  void aDatabaseThatStaysBusyIsUnavailableAfterBoundedAttempts() {
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(() -> transactions.write(connection -> {
          attempts.incrementAndGet();
          throw new SQLiteException("database is locked", SQLiteErrorCode.SQLITE_LOCKED);
        }))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE))
        .hasMessageStartingWith("The store stayed busy after 20 attempts");
    assertThat(attempts).hasValue(Transactions.MAX_ATTEMPTS);
  }

  @Test
  void noRetryStartsAfterTheRetryWindow() {
    Transactions shortWindow = new Transactions(pool, new SqliteDialect(), Duration.ofMillis(250));
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(() -> shortWindow.write(connection -> {
          attempts.incrementAndGet();
          waitAsTheBusyTimeoutWould();
          throw new SQLiteException("database is locked", SQLiteErrorCode.SQLITE_BUSY);
        }))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE))
        .hasMessageStartingWith("The store stayed busy after " + attempts.get() + " attempt");
    assertThat(attempts.get()).isBetween(1, 4);
  }

  @Test
  void otherFailuresAreUnavailableAtOnceAndRefusalsPassThrough() {
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(() -> transactions.read(connection -> {
          attempts.incrementAndGet();
          throw new SQLException("disk I/O error");
        }))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE));
    assertThat(attempts).hasValue(1);
    assertThatThrownBy(() -> transactions.write(connection -> {
          throw new StoreException(StoreException.Kind.CONFLICT, "taken");
        }))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT));
  }

  @Test
  void postgresRetriesSerializationFailuresAndDeadlocks() {
    PostgresDialect postgres = new PostgresDialect();
    assertThat(postgres.isRetryable(new SQLException("could not serialize", "40001"))).isTrue();
    assertThat(postgres.isRetryable(new SQLException("deadlock detected", "40P01"))).isTrue();
    assertThat(postgres.isRetryable(new SQLException("connection refused", "08001"))).isFalse();
  }

  private static void waitAsTheBusyTimeoutWould() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
