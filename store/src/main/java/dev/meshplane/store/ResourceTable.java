package dev.meshplane.store;

import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** SQL over {@code resources}: rows to {@link StoredResource}s and back; references come from {@link ReferenceTable}. */
final class ResourceTable {

  private static final String COLUMNS = ResourceRow.COLUMNS;

  private final ReferenceTable references;

  ResourceTable(ReferenceTable references) {
    this.references = references;
  }

  Optional<StoredResource> find(Connection connection, ResourceId id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM resources WHERE key = ?")) {
      select.setString(1, id.key());
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(ResourceRow.read(rows).withReferences(references.of(connection, id)));
      }
    }
  }

  /**
   * The resources of {@code ids} that exist, with their references: two queries for them all
   * (a transformer's change pass reads every resource the journal names since its last one).
   */
  Map<ResourceId, StoredResource> findAll(Connection connection, Collection<ResourceId> ids) throws SQLException {
    if (ids.isEmpty()) {
      return Map.of();
    }
    List<ResourceRow> found = new ArrayList<>(ids.size());
    String placeholders = String.join(", ", Collections.nCopies(ids.size(), "?"));
    try (PreparedStatement select =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM resources WHERE key IN (" + placeholders + ")")) {
      int index = 1;
      for (ResourceId id : ids) {
        select.setString(index++, id.key());
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          found.add(ResourceRow.read(rows));
        }
      }
    }
    Map<ResourceId, StoredResource> resources = new HashMap<>();
    withReferences(connection, found).forEach(resource -> resources.put(resource.id(), resource));
    return resources;
  }

  /** {@code rows} with their references, read in one query for them all. */
  private List<StoredResource> withReferences(Connection connection, List<ResourceRow> rows) throws SQLException {
    Map<ResourceId, Set<ResourceId>> referencesById =
        references.of(connection, rows.stream().map(ResourceRow::id).toList());
    List<StoredResource> resources = new ArrayList<>(rows.size());
    for (ResourceRow row : rows) {
      resources.add(row.withReferences(referencesById.getOrDefault(row.id(), Set.of())));
    }
    return resources;
  }

  boolean exists(Connection connection, ResourceId id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM resources WHERE key = ?")) {
      select.setString(1, id.key());
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  void insert(Connection connection, StoredResource resource) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO resources (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ResourceId id = resource.id();
      insert.setString(1, id.key());
      insert.setString(2, id.mesh());
      insert.setString(3, id.kind().arnSegment());
      insert.setString(4, id.parentName());
      insert.setString(5, id.name());
      insert.setString(6, resource.uid());
      insert.setLong(7, resource.version());
      insert.setLong(8, resource.createdAt().toEpochMilli());
      insert.setLong(9, resource.lastUpdatedAt().toEpochMilli());
      insert.setString(10, resource.specJson());
      insert.setString(11, StoreJson.tags(resource.tags()));
      insert.setString(12, resource.clientToken());
      insert.setString(13, resource.meshOwner());
      insert.setString(14, resource.resourceOwner());
      insert.executeUpdate();
    }
  }

  /** Writes the mutable part of a resource: version, update time, spec and tags. */
  void update(Connection connection, StoredResource resource) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE resources SET version = ?, updated_at = ?, spec_json = ?, tags_json = ? WHERE key = ?")) {
      update.setLong(1, resource.version());
      update.setLong(2, resource.lastUpdatedAt().toEpochMilli());
      update.setString(3, resource.specJson());
      update.setString(4, StoreJson.tags(resource.tags()));
      update.setString(5, resource.id().key());
      update.executeUpdate();
    }
  }

  void delete(Connection connection, ResourceId id) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM resources WHERE key = ?")) {
      delete.setString(1, id.key());
      delete.executeUpdate();
    }
  }

  /**
   * One page of one kind: {@code limit + 1} rows are read so that the page knows whether more
   * follow. {@code mesh} is ignored for meshes; {@code parentName} is required exactly for kinds
   * that live under a router or gateway.
   */
  Page<StoredResource> list(
      Connection connection, ResourceKind kind, String mesh, String parentName, String afterName, int limit)
      throws SQLException {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    boolean underParent = kind.parentKind().isPresent();
    if (underParent && parentName == null) {
      throw new IllegalArgumentException("listing " + ResourceNames.kind(kind) + "s needs a parent name");
    }
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM resources WHERE kind = ?");
    List<Object> parameters = new ArrayList<>(List.of(kind.arnSegment()));
    if (kind != ResourceKind.MESH) {
      sql.append(" AND mesh = ?");
      parameters.add(mesh);
      if (underParent) {
        sql.append(" AND parent_name = ?");
        parameters.add(parentName);
      } else {
        sql.append(" AND parent_name IS NULL");
      }
    }
    if (afterName != null) {
      sql.append(" AND name > ?");
      parameters.add(afterName);
    }
    sql.append(" ORDER BY name LIMIT ?");
    parameters.add(limit + 1);
    try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < parameters.size(); i++) {
        select.setObject(i + 1, parameters.get(i));
      }
      List<ResourceRow> rowsRead = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next() && rowsRead.size() <= limit) {
          ResourceRow row = ResourceRow.read(rows);
          rowsRead.add(row);
        }
      }
      boolean more = rowsRead.size() > limit;
      List<StoredResource> items = withReferences(connection, more ? rowsRead.subList(0, limit) : rowsRead);
      return new Page<>(items, more ? items.get(items.size() - 1).id().name() : null);
    }
  }

  /** Every resource of the mesh, the mesh itself included, in no particular order. */
  List<StoredResource> ofMesh(Connection connection, String mesh) throws SQLException {
    Map<ResourceId, Set<ResourceId>> referencesById = references.ofMesh(connection, mesh);
    List<StoredResource> resources = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM resources WHERE mesh = ?")) {
      select.setString(1, mesh);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ResourceRow row = ResourceRow.read(rows);
          resources.add(row.withReferences(referencesById.getOrDefault(row.id(), Set.of())));
        }
      }
    }
    return resources;
  }

  /** How many children the resource has: everything in a mesh, the routes of a router, the gateway routes of a gateway. */
  int countChildren(Connection connection, ResourceId parent) throws SQLException {
    ChildQuery query = ChildQuery.of(parent);
    try (PreparedStatement select =
        connection.prepareStatement("SELECT COUNT(*) FROM resources WHERE " + query.condition())) {
      query.bind(select);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  /**
   * How many resources share the kind and scope of {@code id}: every mesh for a mesh, else the
   * resources of its kind in its mesh (under its router or gateway for routes and gateway routes).
   */
  int countSiblings(Connection connection, ResourceId id) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM resources WHERE kind = ?");
    List<String> parameters = new ArrayList<>(List.of(id.kind().arnSegment()));
    if (id.kind() != ResourceKind.MESH) {
      sql.append(" AND mesh = ?");
      parameters.add(id.mesh());
      if (id.kind().parentKind().isPresent()) {
        sql.append(" AND parent_name = ?");
        parameters.add(id.parentName());
      } else {
        sql.append(" AND parent_name IS NULL");
      }
    }
    try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < parameters.size(); i++) {
        select.setString(i + 1, parameters.get(i));
      }
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  /** The first {@code limit} children in key order. */
  List<ResourceId> children(Connection connection, ResourceId parent, int limit) throws SQLException {
    ChildQuery query = ChildQuery.of(parent);
    List<ResourceId> children = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT mesh, kind, parent_name, name FROM resources WHERE "
                + query.condition()
                + " ORDER BY key LIMIT "
                + limit)) {
      query.bind(select);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          children.add(ResourceRow.id(rows, 1));
        }
      }
    }
    return children;
  }

  /** The condition selecting a resource's children. */
  private record ChildQuery(String condition, List<String> parameters) {
    static ChildQuery of(ResourceId parent) {
      if (parent.kind() == ResourceKind.MESH) {
        return new ChildQuery("mesh = ? AND kind <> ?", List.of(parent.mesh(), ResourceKind.MESH.arnSegment()));
      }
      Optional<ResourceKind> childKind =
          Arrays.stream(ResourceKind.values())
              .filter(kind -> kind.parentKind().equals(Optional.of(parent.kind())))
              .findFirst();
      if (childKind.isEmpty()) {
        return new ChildQuery("1 = 0", List.of());
      }
      return new ChildQuery(
          "kind = ? AND mesh = ? AND parent_name = ?",
          List.of(childKind.get().arnSegment(), parent.mesh(), parent.name()));
    }

    void bind(PreparedStatement statement) throws SQLException {
      for (int i = 0; i < parameters.size(); i++) {
        statement.setString(i + 1, parameters.get(i));
      }
    }
  }
}
