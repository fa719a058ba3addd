package dev.meshplane.store;

import dev.meshplane.model.ResourceId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The resource rows the group commit's writer last read or wrote, kept across its transactions.
 * An UpdateRoute read its route, its router and its target node anew (seven of its thirteen
 * statements), though nothing but this writer had written them since.
 *
 * <p>A kept row is the row the transaction would read, because:
 * <ul>
 *   <li>another connection's commit drops them all: SQLite's {@code PRAGMA data_version}, read as
 *       each transaction starts (it holds the write lock then, so no one else commits until it
 *       ends), changes with every commit of another connection, in this process or another (a
 *       restore, the store keys on the read pool, a second process on the file), and never with
 *       this connection's own;
 *   <li>this writer's own writes are kept as they are made, and any undoing drops them all: a
 *       refused write's savepoint rolled back, a transaction that failed or ran again (it did not
 *       reach {@link #committed()}). Refusals are rare: undoing finely is not worth it;
 *   <li>they belong to one physical connection: when the pool hands out another, they go.
 * </ul>
 * At most {@link #MAX_KEPT}, least recently used first out. One thread only (the writer's).
 */
final class KeptRows implements ResourceReads, GroupCommit.Session {

  static final int MAX_KEPT = 4096;

  private final ResourceTable table;
  private final Map<ResourceId, StoredResource> rows = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ResourceId, StoredResource> eldest) {
      return size() > MAX_KEPT;
    }
  };
  private Connection physical;
  private long dataVersion;
  /** Whether the last transaction committed; if not, what it kept may never have been. */
  private boolean lastCommitted;
  private long tableReads;

  KeptRows(ResourceTable table) {
    this.table = table;
  }

  @Override
  public void begin(Connection connection) throws SQLException {
    Connection underlying = connection.unwrap(Connection.class);
    long version = dataVersion(connection);
    if (!lastCommitted || underlying != physical || version != dataVersion) {
      rows.clear();
    }
    physical = underlying;
    dataVersion = version;
    lastCommitted = false;
  }

  @Override
  public void undone() {
    rows.clear();
  }

  @Override
  public void committed() {
    lastCommitted = true;
  }

  @Override
  public Optional<StoredResource> find(Connection connection, ResourceId id) throws SQLException {
    StoredResource kept = rows.get(id);
    if (kept != null) {
      return Optional.of(kept);
    }
    tableReads++;
    Optional<StoredResource> read = table.find(connection, id);
    read.ifPresent(resource -> rows.put(id, resource));
    return read;
  }

  @Override
  public boolean exists(Connection connection, ResourceId id) throws SQLException {
    return rows.containsKey(id) || find(connection, id).isPresent();
  }

  @Override
  public void written(StoredResource resource) {
    rows.put(resource.id(), resource);
  }

  @Override
  public void deleted(ResourceId id) {
    rows.remove(id);
  }

  /** Rows read from the table so far (tests: kept rows are not read again). */
  long tableReads() {
    return tableReads;
  }

  private static long dataVersion(Connection connection) throws SQLException {
    try (PreparedStatement pragma = connection.prepareStatement("PRAGMA data_version");
        ResultSet rows = pragma.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
