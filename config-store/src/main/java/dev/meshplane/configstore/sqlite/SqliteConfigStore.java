package dev.meshplane.configstore.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ConfigStoreUnavailableException;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.configstore.ProxyConfigVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The config store for the embedded default: table {@code configs} in {@code configs.db} under the
 * data directory, in WAL mode with {@code synchronous=NORMAL}: a commit survives the process
 * (kill -9), and the file stays consistent, but the last commits may be lost to an operating
 * system crash or power cut, since a commit is not fsynced (only checkpoints are). That is the
 * right trade for derived data: every item is recomputed from the journal (which does fsync each
 * acknowledged write), and the transformer's first pass after a start is a full one that rewrites
 * any item that differs, while an fsync per pass would put the disk's latency (tens to hundreds of
 * milliseconds on a busy machine) between each change and its proxies. The generation condition
 * lives in the upsert itself, so it holds across processes sharing the file.
 */
public final class SqliteConfigStore implements ConfigStore {

  public static final String FILE_NAME = "configs.db";

  private static final String SCHEMA = """
      CREATE TABLE IF NOT EXISTS configs (
        key TEXT PRIMARY KEY,
        mesh TEXT NOT NULL,
        generation INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        payload BLOB NOT NULL,
        journal_commit_millis INTEGER NOT NULL
      )""";
  private static final String MESH_INDEX = "CREATE INDEX IF NOT EXISTS configs_by_mesh ON configs (mesh, key)";
  private static final String UPSERT = """
      INSERT INTO configs (key, mesh, generation, content_hash, payload, journal_commit_millis)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT(key) DO UPDATE SET
        mesh = excluded.mesh,
        generation = excluded.generation,
        content_hash = excluded.content_hash,
        payload = excluded.payload,
        journal_commit_millis = excluded.journal_commit_millis
      WHERE excluded.generation >= configs.generation""";
  private static final String COLUMNS = "key, mesh, generation, content_hash, payload, journal_commit_millis";
  private static final String SELECT_ONE = "SELECT " + COLUMNS + " FROM configs WHERE key = ?";
  private static final String SELECT_MESH = "SELECT " + COLUMNS + " FROM configs WHERE mesh = ? ORDER BY key";
  private static final String SELECT_MESH_VERSIONS =
      "SELECT key, generation, content_hash, journal_commit_millis FROM configs WHERE mesh = ? ORDER BY key";
  private static final String DELETE = "DELETE FROM configs WHERE key = ? AND generation <= ?";

  private static final int BUSY_TIMEOUT_MILLIS = 5_000;
  private static final int POOL_SIZE = 4;

  private final HikariDataSource pool;

  private SqliteConfigStore(HikariDataSource pool) {
    this.pool = pool;
  }

  /** Opens (creating when missing) {@value #FILE_NAME} in {@code dataDir}. */
  public static SqliteConfigStore open(Path dataDir) {
    return new SqliteConfigStore(openPool(dataDir, "config-store-sqlite", "configs table", SCHEMA, MESH_INDEX));
  }

  @Override
  public boolean put(ProxyConfigItem item) {
    try (Connection connection = pool.getConnection();
        PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      bind(upsert, item);
      // Zero rows changed means the stored generation is newer and the WHERE refused the update.
      return upsert.executeUpdate() == 1;
    } catch (SQLException e) {
      throw unavailable("put " + item.key(), e);
    }
  }

  /** One transaction, so one commit for the whole pass; the condition is per row. */
  @Override
  public Set<String> putAll(List<ProxyConfigItem> items) {
    if (items.isEmpty()) {
      return Set.of();
    }
    try (Connection connection = pool.getConnection()) {
      int[] counts = SqliteTransaction.run(connection, () -> {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
          for (ProxyConfigItem item : items) {
            bind(upsert, item);
            upsert.addBatch();
          }
          return upsert.executeBatch();
        }
      });
      Set<String> written = new HashSet<>();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 1) {
          written.add(items.get(i).key());
        }
      }
      return written;
    } catch (SQLException e) {
      throw unavailable("put " + items.size() + " items", e);
    }
  }

  @Override
  public Optional<ProxyConfigItem> get(String key) {
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement(SELECT_ONE)) {
      select.setString(1, key);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(item(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw unavailable("get " + key, e);
    }
  }

  @Override
  public List<ProxyConfigItem> listMesh(String mesh) {
    return selectMesh(SELECT_MESH, mesh, SqliteConfigStore::item, "list mesh " + mesh);
  }

  @Override
  public List<ProxyConfigVersion> listMeshVersions(String mesh) {
    return selectMesh(SELECT_MESH_VERSIONS, mesh, rows -> new ProxyConfigVersion(
        rows.getString("key"),
        rows.getLong("generation"),
        rows.getString("content_hash"),
        Instant.ofEpochMilli(rows.getLong("journal_commit_millis"))), "list versions of mesh " + mesh);
  }

  /** One row of a result set as a value. */
  @FunctionalInterface
  private interface Row<T> {
    T read(ResultSet rows) throws SQLException;
  }

  private <T> List<T> selectMesh(String sql, String mesh, Row<T> row, String what) {
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, mesh);
      try (ResultSet rows = select.executeQuery()) {
        List<T> values = new ArrayList<>();
        while (rows.next()) {
          values.add(row.read(rows));
        }
        return List.copyOf(values);
      }
    } catch (SQLException e) {
      throw unavailable(what, e);
    }
  }

  @Override
  public boolean delete(String key, long generation) {
    try (Connection connection = pool.getConnection();
        PreparedStatement delete = connection.prepareStatement(DELETE)) {
      delete.setString(1, key);
      delete.setLong(2, generation);
      return delete.executeUpdate() == 1;
    } catch (SQLException e) {
      throw unavailable("delete " + key, e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }

  private static void bind(PreparedStatement upsert, ProxyConfigItem item) throws SQLException {
    upsert.setString(1, item.key());
    upsert.setString(2, item.mesh());
    upsert.setLong(3, item.generation());
    upsert.setString(4, item.contentHash());
    upsert.setBytes(5, item.payload());
    upsert.setLong(6, item.journalCommitTime().toEpochMilli());
  }

  private static ProxyConfigItem item(ResultSet row) throws SQLException {
    return new ProxyConfigItem(
        row.getString("key"),
        row.getString("mesh"),
        row.getLong("generation"),
        row.getString("content_hash"),
        row.getBytes("payload"),
        Instant.ofEpochMilli(row.getLong("journal_commit_millis")));
  }

  /** A pool on {@value #FILE_NAME} in {@code dataDir} (created when missing), shared by the tables kept there. */
  /**
   * A pool on {@value #FILE_NAME} in {@code dataDir} (created when missing) with {@code schema} run
   * on it ({@code what} names the tables in the error); closed again when the schema fails.
   */
  static HikariDataSource openPool(Path dataDir, String poolName, String what, String... schema) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + dataDir, e);
    }
    HikariDataSource pool = new HikariDataSource(poolConfig(dataDir.resolve(FILE_NAME), poolName));
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      for (String sql : schema) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      pool.close();
      throw new ConfigStoreUnavailableException("cannot create the " + what + " in " + dataDir, e);
    }
    return pool;
  }

  private static HikariConfig poolConfig(Path file, String poolName) {
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // Derived data, rewritten by the first (full) pass after a restart: see the class comment.
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    sqlite.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    SQLiteDataSource dataSource = new SQLiteDataSource(sqlite);
    dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    HikariConfig config = new HikariConfig();
    config.setDataSource(dataSource);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setPoolName(poolName);
    return config;
  }

  private static ConfigStoreUnavailableException unavailable(String what, SQLException cause) {
    return new ConfigStoreUnavailableException("SQLite config store: " + what + " failed", cause);
  }
}
