package dev.meshplane.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for a database with one writer (SQLite): concurrent writes queue up, one thread runs
 * all that are waiting in one transaction, each inside its own savepoint (a refused write rolls back
 * only itself), and commits them with one fsync. Each caller returns only after that commit, so a
 * write is acknowledged only once it is durable. Writers no longer take turns through SQLite's
 * busy handler, which sleeps in steps of up to 100 ms: that, and one fsync per write, bounded
 * throughput and set the tail latency.
 */
final class GroupCommit implements AutoCloseable {

  /** Writes per transaction at most: bounds the time one batch holds the write lock. */
  static final int MAX_BATCH = 256;

  private final Transactions transactions;
  private final Session session;
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;
  private final java.util.concurrent.atomic.AtomicLong committed = new java.util.concurrent.atomic.AtomicLong();

  /**
   * What the writer keeps beside the database from one transaction to the next ({@link KeptRows}),
   * told where each transaction starts, when a write in it is undone and when it committed.
   */
  interface Session {
    Session NONE = new Session() {};

    /** The transaction has begun (holding the write lock) on {@code connection}. */
    default void begin(Connection connection) throws SQLException {}

    /** A write of the transaction was rolled back to its savepoint. */
    default void undone() {}

    /** The transaction begun last committed. */
    default void committed() {}
  }

  GroupCommit(Transactions transactions, String name) {
    this(transactions, name, Session.NONE);
  }

  GroupCommit(Transactions transactions, String name, Session session) {
    this.transactions = transactions;
    this.session = session;
    this.writer = new Thread(this::loop, name);
    writer.setDaemon(true);
    writer.start();
  }

  /** Runs {@code work} in a shared transaction; returns once that transaction is committed. */
  <T> T write(Transactions.Work<T> work) {
    try {
      return submit(work).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /**
   * Queues {@code work} for the next shared transaction; the future completes once that
   * transaction is committed (with the work's result, or its refusal), on the writer's thread: a
   * caller that only waits need not hold a thread meanwhile.
   */
  <T> CompletableFuture<T> submit(Transactions.Work<T> work) {
    if (closed) {
      return CompletableFuture.failedFuture(new StoreException(StoreException.Kind.UNAVAILABLE, "The store is closed"));
    }
    Pending<T> pending = new Pending<>(work);
    queue.add(pending);
    if (closed) {
      // Closed while queuing: the writer may already be gone; fail rather than wait forever.
      pending.done.completeExceptionally(new StoreException(StoreException.Kind.UNAVAILABLE, "The store is closed"));
    }
    return pending.done;
  }

  private void loop() {
    List<Pending<?>> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Pending<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        commit(batch);
      } catch (InterruptedException e) {
        break;
      } finally {
        batch.clear();
      }
    }
    StoreException gone = new StoreException(StoreException.Kind.UNAVAILABLE, "The store is closed");
    queue.forEach(p -> p.done.completeExceptionally(gone));
  }

  private void commit(List<Pending<?>> batch) {
    try {
      // A retryable failure (another process holds the lock) runs the whole batch again.
      transactions.write(connection -> {
        session.begin(connection);
        for (Pending<?> pending : batch) {
          pending.runInSavepoint(connection, transactions, session);
        }
        return null;
      });
    } catch (RuntimeException | Error failure) {
      // Nothing of the batch is committed: every write in it fails, refused ones included.
      batch.forEach(p -> p.done.completeExceptionally(failure));
      return;
    }
    session.committed();
    committed.incrementAndGet();
    batch.forEach(Pending::complete);
  }

  /** Writes waiting for the next batch (tests). */
  int queued() {
    return queue.size();
  }

  /** Transactions committed so far (each holding one or more writes). */
  long transactionsCommitted() {
    return committed.get();
  }

  @Override
  public void close() {
    closed = true;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One caller's write: its outcome in the current attempt, told after the commit. */
  private static final class Pending<T> {
    final Transactions.Work<T> work;
    final CompletableFuture<T> done = new CompletableFuture<>();
    T result;
    RuntimeException refused;

    Pending(Transactions.Work<T> work) {
      this.work = work;
    }

    void runInSavepoint(Connection connection, Transactions transactions, Session session) throws SQLException {
      result = null;
      refused = null;
      execute(connection, "SAVEPOINT write");
      try {
        result = work.run(connection);
      } catch (RuntimeException failure) {
        // A refused write (or a fault of ours): undo it alone; the others of the batch go on.
        execute(connection, "ROLLBACK TO write");
        session.undone();
        refused = failure;
      } catch (SQLException failure) {
        // A lost race reruns the whole batch; a failure that ended the transaction fails it all
        // (the rollback below throws); any other fails this write alone, as it would on its own.
        if (transactions.isRetryable(failure)) {
          throw failure;
        }
        execute(connection, "ROLLBACK TO write");
        session.undone();
        refused = new StoreException(StoreException.Kind.UNAVAILABLE, "The store failed: " + failure.getMessage(), failure);
      }
      execute(connection, "RELEASE write");
    }

    void complete() {
      if (refused != null) {
        done.completeExceptionally(refused);
      } else {
        done.complete(result);
      }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
      try (PreparedStatement statement = connection.prepareStatement(sql)) { // kept by ReusedStatements
        statement.execute();
      }
    }
  }
}
