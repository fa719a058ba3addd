package dev.meshplane.store;

import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** One row of {@code resources}, read before its references are known. */
record ResourceRow(
    ResourceId id,
    String uid,
    long version,
    Instant createdAt,
    Instant lastUpdatedAt,
    String specJson,
    List<Tag> tags,
    String clientToken,
    String meshOwner,
    String resourceOwner) {

  /** The columns {@link #read} reads, in this order. */
  static final String COLUMNS =
      "key, mesh, kind, parent_name, name, uid, version, created_at, updated_at, spec_json, tags_json,"
          + " client_token, mesh_owner, resource_owner";

  /**
   * Reads the current row of a query that selects {@link #COLUMNS} first. By position, not by
   * name: SQLite's driver looks a name up among the column names it fetches anew for every query.
   */
  static ResourceRow read(ResultSet rows) throws SQLException {
    return new ResourceRow(
        id(rows, 2),
        rows.getString(6),
        rows.getLong(7),
        Instant.ofEpochMilli(rows.getLong(8)),
        Instant.ofEpochMilli(rows.getLong(9)),
        rows.getString(10),
        StoreJson.tags(rows.getString(11)),
        rows.getString(12),
        rows.getString(13),
        rows.getString(14));
  }

  /** An id from four consecutive columns: mesh, kind, parent name, name. */
  static ResourceId id(ResultSet rows, int firstColumn) throws SQLException {
    return new ResourceId(
        rows.getString(firstColumn),
        kind(rows.getString(firstColumn + 1)),
        rows.getString(firstColumn + 2),
        rows.getString(firstColumn + 3));
  }

  /** Kinds are stored as their ARN segment ({@code virtualNode}): readable and stable. */
  static ResourceKind kind(String arnSegment) {
    return ResourceKind.fromArnSegment(arnSegment)
        .orElseThrow(() -> new IllegalStateException("unknown kind in the store: " + arnSegment));
  }

  StoredResource withReferences(Set<ResourceId> references) {
    return new StoredResource(
        id, uid, version, createdAt, lastUpdatedAt, specJson, tags, references, clientToken, meshOwner,
        resourceOwner);
  }
}
