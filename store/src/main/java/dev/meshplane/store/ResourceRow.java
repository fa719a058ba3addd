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

  /** Reads the current row; the query must select the columns by their table names. */
  static ResourceRow read(ResultSet rows) throws SQLException {
    return new ResourceRow(
        new ResourceId(
            rows.getString("mesh"),
            kind(rows.getString("kind")),
            rows.getString("parent_name"),
            rows.getString("name")),
        rows.getString("uid"),
        rows.getLong("version"),
        Instant.ofEpochMilli(rows.getLong("created_at")),
        Instant.ofEpochMilli(rows.getLong("updated_at")),
        rows.getString("spec_json"),
        StoreJson.tags(rows.getString("tags_json")),
        rows.getString("client_token"),
        rows.getString("mesh_owner"),
        rows.getString("resource_owner"));
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
