package dev.meshplane.configstore.sqlite;

import com.zaxxer.hikari.HikariDataSource;
import dev.meshplane.configstore.ConfigStoreUnavailableException;
import dev.meshplane.configstore.ProxyStatusEntry;
import dev.meshplane.configstore.ProxyStatusStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Proxy status beside the configs, in {@code configs.db}: tables {@code status_instances}
 * (heartbeats) and {@code proxy_status} (entries). Every process on the data directory sees the
 * same file, so two management instances on one host both show.
 */
public final class SqliteProxyStatusStore implements ProxyStatusStore {

  private static final String INSTANCES = """
      CREATE TABLE IF NOT EXISTS status_instances (
        instance TEXT PRIMARY KEY,
        expires_millis INTEGER NOT NULL
      )""";
  private static final String ENTRIES = """
      CREATE TABLE IF NOT EXISTS proxy_status (
        instance TEXT NOT NULL,
        id TEXT NOT NULL,
        mesh TEXT NOT NULL,
        proxy_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        document TEXT NOT NULL,
        PRIMARY KEY (instance, id)
      )""";
  private static final String MESH_INDEX = "CREATE INDEX IF NOT EXISTS proxy_status_by_mesh ON proxy_status (mesh)";
  private static final String HEARTBEAT = """
      INSERT INTO status_instances (instance, expires_millis) VALUES (?, ?)
      ON CONFLICT(instance) DO UPDATE SET expires_millis = excluded.expires_millis""";
  private static final String PUT = """
      INSERT INTO proxy_status (instance, id, mesh, proxy_key, kind, document) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT(instance, id) DO UPDATE SET mesh = excluded.mesh, proxy_key = excluded.proxy_key,
        kind = excluded.kind, document = excluded.document""";
  private static final String DELETE = "DELETE FROM proxy_status WHERE instance = ? AND id = ?";
  private static final String LIST = """
      SELECT s.instance, s.id, s.mesh, s.proxy_key, s.kind, s.document FROM proxy_status s
      JOIN status_instances i ON i.instance = s.instance
      WHERE s.mesh = ? AND i.expires_millis > ? ORDER BY s.proxy_key, s.instance, s.id""";

  private final HikariDataSource pool;

  private SqliteProxyStatusStore(HikariDataSource pool) {
    this.pool = pool;
  }

  /** Opens (creating when missing) the tables in {@value SqliteConfigStore#FILE_NAME} under {@code dataDir}. */
  public static SqliteProxyStatusStore open(Path dataDir) {
    return new SqliteProxyStatusStore(SqliteConfigStore.openPool(dataDir, "proxy-status-sqlite",
        "proxy status tables", INSTANCES, ENTRIES, MESH_INDEX));
  }

  @Override
  public void heartbeat(String instance, Instant expiresAt) {
    update("heartbeat of " + instance, HEARTBEAT, instance, expiresAt.toEpochMilli());
  }

  @Override
  public void put(ProxyStatusEntry entry) {
    update("put status " + entry.id(), PUT, putValues(entry).toArray());
  }

  @Override
  public void delete(ProxyStatusEntry entry) {
    update("delete status " + entry.id(), DELETE, deleteValues(entry).toArray());
  }

  /**
   * One transaction: the file is the config store's too, and a write per entry took its one write
   * lock 1,200 times a round while the transformer waited to commit.
   */
  @Override
  public void putAll(List<ProxyStatusEntry> entries) {
    inOneTransaction("put " + entries.size() + " status entries", PUT, entries, SqliteProxyStatusStore::putValues);
  }

  @Override
  public void deleteAll(List<ProxyStatusEntry> entries) {
    inOneTransaction("delete " + entries.size() + " status entries", DELETE, entries,
        SqliteProxyStatusStore::deleteValues);
  }

  /** {@link #PUT}'s parameters, in order. */
  private static List<Object> putValues(ProxyStatusEntry entry) {
    return List.of(entry.instance(), entry.id(), entry.mesh(), entry.proxyKey(), entry.kind(), entry.document());
  }

  /** {@link #DELETE}'s parameters, in order. */
  private static List<Object> deleteValues(ProxyStatusEntry entry) {
    return List.of(entry.instance(), entry.id());
  }

  @Override
  public List<ProxyStatusEntry> listMesh(String mesh, Instant now) {
    try (Connection connection = pool.getConnection(); PreparedStatement select = connection.prepareStatement(LIST)) {
      select.setString(1, mesh);
      select.setLong(2, now.toEpochMilli());
      try (ResultSet rows = select.executeQuery()) {
        List<ProxyStatusEntry> entries = new ArrayList<>();
        while (rows.next()) {
          entries.add(new ProxyStatusEntry(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
              rows.getString(5), rows.getString(6)));
        }
        return List.copyOf(entries);
      }
    } catch (SQLException e) {
      throw unavailable("list status of mesh " + mesh, e);
    }
  }

  @Override
  public void removeInstance(String instance) {
    update("remove instance " + instance, "DELETE FROM proxy_status WHERE instance = ?", instance);
    update("remove instance " + instance, "DELETE FROM status_instances WHERE instance = ?", instance);
  }

  @Override
  public void close() {
    pool.close();
  }

  private void update(String what, String sql, Object... values) {
    try (Connection connection = pool.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw unavailable(what, e);
    }
  }

  /** {@code sql} once per entry with {@code values}' parameters, as one batch in one transaction. */
  private void inOneTransaction(String what, String sql, List<ProxyStatusEntry> entries,
      Function<ProxyStatusEntry, List<Object>> values) {
    if (entries.isEmpty()) {
      return;
    }
    try (Connection connection = pool.getConnection()) {
      SqliteTransaction.run(connection, () -> {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          for (ProxyStatusEntry entry : entries) {
            List<Object> row = values.apply(entry);
            for (int i = 0; i < row.size(); i++) {
              statement.setObject(i + 1, row.get(i));
            }
            statement.addBatch();
          }
          return statement.executeBatch();
        }
      });
    } catch (SQLException e) {
      throw unavailable(what, e);
    }
  }

  private static ConfigStoreUnavailableException unavailable(String what, SQLException cause) {
    return new ConfigStoreUnavailableException("SQLite proxy status store: " + what + " failed", cause);
  }
}
