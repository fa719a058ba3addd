package dev.meshplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Writes that queue up while a batch is committing share the next transaction; each fails alone. */
class GroupCommitTest {

  @TempDir Path dir;
  private HikariDataSource pool;
  private HikariDataSource writerPool;
  private Transactions transactions;
  private Transactions writes;
  private GroupCommit group;
  private final java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(5);

  @BeforeEach
  void open() throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("g.db"));
    config.setMaximumPoolSize(2);
    pool = new HikariDataSource(config);
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE rows (name TEXT PRIMARY KEY)");
    }
    transactions = new Transactions(pool, new SqliteDialect());
    // As the store runs it: the writer on a connection of its own, keeping its statements.
    HikariConfig writer = new HikariConfig();
    writer.setJdbcUrl("jdbc:sqlite:" + dir.resolve("g.db"));
    writer.setMaximumPoolSize(1);
    writerPool = new HikariDataSource(writer);
    writes = Transactions.reusingStatements(writerPool, new SqliteDialect());
    group = new GroupCommit(writes, "test-group-commit");
  }

  @AfterEach
  void close() {
    callers.shutdownNow();
    group.close();
    writerPool.close();
    pool.close();
  }

  @Test
  void writesQueuedDuringACommitShareOneAndAFailingOneUndoesOnlyItself() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> group.write(connection -> {
      holding.countDown();
      await(release);
      return insert(connection, "first");
    }), callers);
    assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();

    // Queued while the first batch holds the writer: these four go into the next transaction.
    List<CompletableFuture<String>> queued = new ArrayList<>();
    queued.add(CompletableFuture.supplyAsync(() -> group.write(connection -> insert(connection, "a")), callers));
    queued.add(CompletableFuture.supplyAsync(() -> group.write(connection -> {
      insert(connection, "refused");
      throw new StoreException(StoreException.Kind.CONFLICT, "refused (test)");
    }), callers));
    queued.add(CompletableFuture.supplyAsync(() -> group.write(connection -> {
      insert(connection, "broken");
      try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM no_such_table")) {
        statement.execute();
      }
      return "never";
    }), callers));
    queued.add(CompletableFuture.supplyAsync(() -> group.write(connection -> insert(connection, "b")), callers));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> queuedWrites() == 4);
    release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
    assertThat(queued.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("a");
    assertThat(queued.get(3).get(10, TimeUnit.SECONDS)).isEqualTo("b");
    assertThatThrownBy(() -> queued.get(1).join()).hasCauseInstanceOf(StoreException.class)
        .hasMessageContaining("refused (test)");
    assertThatThrownBy(() -> queued.get(2).join()).cause().isInstanceOfSatisfying(StoreException.class,
        e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE));
    assertThat(rows()).containsExactly("a", "b", "first");
    assertThat(group.transactionsCommitted()).isEqualTo(2);
  }

  @Test
  void aLostRaceRunsTheWholeBatchAgain() {
    int[] attempts = {0};
    String result = group.write(connection -> {
      if (++attempts[0] == 1) {
        insert(connection, "lost");
        throw new SQLiteException("database is locked", SQLiteErrorCode.SQLITE_BUSY);
      }
      return insert(connection, "won");
    });
    assertThat(result).isEqualTo("won");
    assertThat(rows()).containsExactly("won");
  }

  @Test
  void manyBatchesReuseTheWritersStatementsAroundRefusedWrites() throws Exception {
    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String name = "row-" + i;
      boolean refuse = i % 4 == 1;
      calls.add(CompletableFuture.supplyAsync(() -> group.write(connection -> {
        insert(connection, name);
        if (refuse) {
          throw new StoreException(StoreException.Kind.CONFLICT, "refused (test)");
        }
        return name;
      }), callers));
    }
    List<String> accepted = new ArrayList<>();
    int refused = 0;
    for (CompletableFuture<String> call : calls) {
      try {
        accepted.add(call.get(10, TimeUnit.SECONDS));
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).hasMessageContaining("refused (test)");
        refused++;
      }
    }
    assertThat(refused).isEqualTo(75);
    assertThat(rows()).containsExactlyInAnyOrderElementsOf(accepted);
    assertThat(group.transactionsCommitted()).isGreaterThan(1);
    // BEGIN IMMEDIATE, SAVEPOINT, INSERT, ROLLBACK TO, RELEASE, COMMIT: each prepared once for 300 writes
    assertThat(writes.statementsPrepared()).isEqualTo(6);
  }

  private int queuedWrites() {
    // The writer thread is inside the first batch; the others wait in its queue.
    return group.queued();
  }

  private static String insert(Connection connection, String name) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("INSERT INTO rows VALUES (?)")) {
      statement.setString(1, name);
      statement.executeUpdate();
    }
    return name;
  }

  private List<String> rows() {
    return transactions.read(connection -> {
      List<String> names = new ArrayList<>();
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT name FROM rows ORDER BY name")) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
      return names;
    });
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
