package dev.meshplane.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The journaled store on a JDBC database: SQLite (one file, the embedded default) or PostgreSQL
 * (shared by many frontends). The SQL is the same; {@link SqlDialect} holds the differences.
 */
public final class JdbcJournaledStore implements JournaledStore {

  /** The database file inside the data directory. */
  public static final String SQLITE_FILE = "meshplane.db";

  private static final int SQLITE_BUSY_TIMEOUT_MILLIS = 10_000;
  private static final int SQLITE_POOL_SIZE = 4;
  private static final int POSTGRES_POOL_SIZE = 10;

  /**
   * How long a request waits for a PostgreSQL connection. While the database is down every
   * request waits this long before it is refused as unavailable; HikariCP's 30 s default would
   * outlast the callers' own timeouts (the AWS SDK's read timeout is 30 s) and hide the outage.
   */
  private static final long POSTGRES_CONNECTION_TIMEOUT_MILLIS = 5_000;

  /** Snapshot order: the mesh first, then by kind, router or gateway, and name. */
  private static final Comparator<StoredResource> SNAPSHOT_ORDER =
      Comparator.<StoredResource, ResourceKind>comparing(r -> r.id().kind())
          .thenComparing(r -> r.id().parentName(), Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(r -> r.id().name());

  private final HikariDataSource dataSource;
  private final Transactions transactions;
  private final Clock clock;
  private final ResourceTable resources;
  private final JournalTable journal = new JournalTable();
  private final MeshGenerationTable generations = new MeshGenerationTable();
  private final StoreKeyTable keys = new StoreKeyTable();
  private final MutationWriter writer;
  private final String database;
  /**
   * Runs the API's writes with group commit on SQLite (one writer per file: queuing in front of it
   * loses no concurrency), on a connection of its own whose prepared statements it keeps
   * ({@link ReusedStatements}); absent on PostgreSQL, which runs writers concurrently and groups
   * their WAL flushes itself.
   */
  private final Optional<GroupCommit> groupCommit;
  private final Optional<HikariDataSource> writerPool;
  private final Optional<Transactions> writerTransactions;
  /** The rows the group commit's writer keeps across its transactions (SQLite only). */
  private final Optional<KeptRows> keptRows;

  private JdbcJournaledStore(
      HikariDataSource dataSource, Optional<HikariDataSource> writerPool, SqlDialect dialect, Clock clock) {
    this.dataSource = dataSource;
    this.transactions = new Transactions(dataSource, dialect);
    this.writerPool = writerPool;
    this.writerTransactions = writerPool.map(pool -> Transactions.reusingStatements(pool, dialect));
    this.clock = clock;
    this.database = dialect instanceof PostgresDialect ? "postgresql" : "sqlite";
    ReferenceTable references = new ReferenceTable();
    this.resources = new ResourceTable(references);
    this.keptRows = writerTransactions.map(writes -> new KeptRows(resources));
    this.writer = new MutationWriter(resources, references, journal, generations,
        keptRows.<ResourceReads>map(kept -> kept).orElseGet(() -> ResourceReads.direct(resources)));
    this.groupCommit = writerTransactions.map(writes ->
        new GroupCommit(writes, dataSource.getPoolName() + "-group-commit", keptRows.orElseThrow()));
  }

  /**
   * A store in {@code dataDir/meshplane.db}: WAL journal, {@code synchronous=FULL} so an
   * acknowledged write survives a crash, and writers that wait for each other up to ten seconds.
   */
  public static JdbcJournaledStore sqlite(Path dataDir, Clock clock) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE, "Cannot create data directory " + dataDir, e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
    // SqliteDialect begins transactions itself; this covers any JDBC-managed one as well.
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    // Nothing reads generated keys; left on, the driver matches every statement's text against a
    // regex and runs a freshly compiled SELECT last_insert_rowid() after each INSERT (the journal's).
    config.setGetGeneratedKeys(false);
    SQLiteDataSource sqlite = new SQLiteDataSource(config);
    sqlite.setUrl("jdbc:sqlite:" + dataDir.resolve(SQLITE_FILE).toAbsolutePath());
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("meshplane-store-sqlite");
    pool.setDataSource(sqlite);
    pool.setMaximumPoolSize(SQLITE_POOL_SIZE);
    // The group commit's writer: one connection, so the statements it keeps live as long as it.
    HikariConfig writer = new HikariConfig();
    writer.setPoolName("meshplane-store-sqlite-writer");
    writer.setDataSource(sqlite);
    writer.setMaximumPoolSize(1);
    return open(() -> new HikariDataSource(pool), () -> Optional.of(new HikariDataSource(writer)), new SqliteDialect(), clock);
  }

  /** A store in a PostgreSQL database: SERIALIZABLE transactions on a HikariCP pool. */
  public static JdbcJournaledStore postgres(String url, String user, String password, Clock clock) {
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("meshplane-store-postgres");
    pool.setJdbcUrl(url);
    pool.setUsername(user);
    pool.setPassword(password);
    pool.setAutoCommit(false);
    pool.setTransactionIsolation("TRANSACTION_SERIALIZABLE");
    pool.setMaximumPoolSize(POSTGRES_POOL_SIZE);
    pool.setMinimumIdle(1);
    pool.setConnectionTimeout(POSTGRES_CONNECTION_TIMEOUT_MILLIS);
    return open(() -> new HikariDataSource(pool), Optional::empty, new PostgresDialect(), clock);
  }

  private static JdbcJournaledStore open(Supplier<HikariDataSource> pool, Supplier<Optional<HikariDataSource>> writerPool,
      SqlDialect dialect, Clock clock) {
    Objects.requireNonNull(clock, "clock");
    HikariDataSource dataSource = connect(pool);
    Optional<HikariDataSource> writer;
    try {
      writer = connect(writerPool);
    } catch (StoreException e) {
      dataSource.close();
      throw e;
    }
    JdbcJournaledStore store = new JdbcJournaledStore(dataSource, writer, dialect, clock);
    try {
      store.transactions.changeSchema(connection -> Schema.create(connection, dialect));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  private static <T> T connect(Supplier<T> pool) {
    try {
      return pool.get();
    } catch (HikariPool.PoolInitializationException e) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE, "Cannot connect to the store: " + e.getMessage(), e);
    }
  }

  @Override
  public WriteResult apply(Mutation mutation) {
    Transactions.Work<WriteResult> write = checked(mutation);
    return groupCommit.isPresent() ? groupCommit.get().write(write) : transactions.write(write);
  }

  /** On SQLite, completed by the group commit's writer once the write's transaction committed. */
  @Override
  public CompletableFuture<WriteResult> applyAsync(Mutation mutation) {
    if (groupCommit.isEmpty()) {
      return JournaledStore.super.applyAsync(mutation);
    }
    try {
      return groupCommit.get().submit(checked(mutation));
    } catch (RuntimeException refused) {
      return CompletableFuture.failedFuture(refused);
    }
  }

  /** The write's transaction body, once its spec is known to be JSON. */
  private Transactions.Work<WriteResult> checked(Mutation mutation) {
    Objects.requireNonNull(mutation, "mutation");
    if (mutation instanceof Mutation.Create create) {
      StoreJson.checkSpec(create.specJson());
    } else if (mutation instanceof Mutation.Update update) {
      StoreJson.checkSpec(update.specJson());
    }
    return connection -> writer.apply(connection, mutation, now());
  }

  @Override
  public Optional<StoredResource> get(ResourceId id) {
    return transactions.read(connection -> resources.find(connection, id));
  }

  @Override
  public Page<StoredResource> list(
      ResourceKind kind, String mesh, String parentName, String afterName, int limit) {
    return transactions.read(connection -> resources.list(connection, kind, mesh, parentName, afterName, limit));
  }

  @Override
  public List<JournalEntry> journalAfter(long afterSeq, int limit) {
    return transactions.read(connection -> journal.after(connection, afterSeq, limit));
  }

  @Override
  public List<JournalEntry> journalOfMesh(String mesh, long afterSeq, int limit) {
    return transactions.read(connection -> journal.ofMesh(connection, mesh, afterSeq, limit));
  }

  @Override
  public long meshGeneration(String mesh) {
    return transactions.read(connection -> generations.of(connection, mesh));
  }

  @Override
  public List<MeshGeneration> meshGenerations() {
    return transactions.read(generations::all);
  }

  @Override
  public Optional<MeshSnapshot> snapshot(String mesh) {
    return transactions.read(
        connection -> {
          List<StoredResource> meshResources = resources.ofMesh(connection, mesh);
          if (meshResources.stream().noneMatch(r -> r.id().kind() == ResourceKind.MESH)) {
            return Optional.empty();
          }
          MeshGeneration generation = generations.find(connection, mesh).orElseThrow();
          return Optional.of(
              new MeshSnapshot(
                  mesh,
                  generation.generation(),
                  generation.committedAt(),
                  journal.head(connection),
                  meshResources.stream().sorted(SNAPSHOT_ORDER).toList()));
        });
  }

  @Override
  public Optional<MeshChanges> changesSince(String mesh, long afterSeq, int limit) {
    return transactions.read(
        connection -> {
          long head = journal.head(connection);
          Optional<MeshGeneration> generation = generations.find(connection, mesh);
          if (head < afterSeq || generation.isEmpty() || !resources.exists(connection, ResourceId.mesh(mesh))) {
            return Optional.empty();
          }
          Set<ResourceId> touched = journal.touchedInMesh(connection, mesh, afterSeq, limit);
          if (touched == null) {
            return Optional.empty();
          }
          Map<ResourceId, StoredResource> found = resources.findAll(connection, touched);
          List<StoredResource> present = new ArrayList<>();
          Set<ResourceId> gone = new HashSet<>();
          for (ResourceId id : touched) {
            StoredResource resource = found.get(id);
            if (resource != null) {
              present.add(resource);
            } else {
              gone.add(id);
            }
          }
          return Optional.of(new MeshChanges(mesh, generation.get().generation(), generation.get().committedAt(),
              afterSeq, head, present, gone));
        });
  }

  /**
   * Writes a backup of the whole store to {@code out} while writes go on: one read transaction, so
   * it is consistent at the journal sequence the returned manifest names.
   */
  public BackupManifest backupTo(OutputStream out) {
    return transactions.read(connection -> StoreBackupWriter.write(connection, database, now(), out));
  }

  /**
   * Fills this store, which must be empty, from a backup: all of it ({@code toSeq} null), or as it
   * was right after journal sequence {@code toSeq}, with references from {@code references}. All
   * or nothing: a damaged file leaves the store as it was.
   */
  public BackupManifest restoreFrom(InputStream in, Long toSeq, ReferenceFinder references) {
    try (StoreBackupReader backup = new StoreBackupReader(in)) {
      return transactions.write(connection -> StoreRestorer.restore(connection, backup, toSeq, references));
    }
  }

  @Override
  public byte[] sharedKey(String purpose) {
    return transactions.write(connection -> keys.getOrCreate(connection, purpose));
  }

  /** Write transactions committed through group commit so far (tests: writes share commits). */
  long groupCommits() {
    return groupCommit.map(GroupCommit::transactionsCommitted).orElse(0L);
  }

  /** Resource rows the group commit's writer has read from the table so far (tests: it keeps them). */
  long writerTableReads() {
    return keptRows.map(KeptRows::tableReads).orElse(0L);
  }

  /** Statements the group commit's writer has prepared so far (tests: it keeps them). */
  long writerStatementsPrepared() {
    return writerTransactions.map(Transactions::statementsPrepared).orElse(0L);
  }

  @Override
  public void close() {
    groupCommit.ifPresent(GroupCommit::close);
    writerPool.ifPresent(HikariDataSource::close);
    dataSource.close();
  }

  /** Millisecond precision: what the database keeps, so a written resource equals its re-read. */
  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }
}
