package dev.meshplane.store;

import dev.meshplane.model.ResourceId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** SQL over {@code resource_refs}: what each resource points at, and who points at a resource. */
final class ReferenceTable {

  private static final String TARGET_COLUMNS = "to_mesh, to_kind, to_parent_name, to_name";

  Set<ResourceId> of(Connection connection, ResourceId from) throws SQLException {
    return of(connection, List.of(from)).getOrDefault(from, Set.of());
  }

  /** The references of each given resource; resources without any are absent from the map. */
  Map<ResourceId, Set<ResourceId>> of(Connection connection, Collection<ResourceId> from) throws SQLException {
    if (from.isEmpty()) {
      return Map.of();
    }
    Map<String, ResourceId> byKey = from.stream().collect(Collectors.toMap(ResourceId::key, id -> id));
    String placeholders = from.stream().map(id -> "?").collect(Collectors.joining(", "));
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT from_key, " + TARGET_COLUMNS + " FROM resource_refs WHERE from_key IN (" + placeholders + ")")) {
      int index = 1;
      for (String key : byKey.keySet()) {
        select.setString(index++, key);
      }
      return collect(select, byKey::get);
    }
  }

  /** The references of every resource in the mesh, by referring resource. */
  Map<ResourceId, Set<ResourceId>> ofMesh(Connection connection, String mesh) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT resources.mesh, resources.kind, resources.parent_name, resources.name, "
                + TARGET_COLUMNS
                + " FROM resource_refs JOIN resources ON resources.key = resource_refs.from_key"
                + " WHERE resources.mesh = ?")) {
      select.setString(1, mesh);
      Map<ResourceId, Set<ResourceId>> references = new HashMap<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          references.computeIfAbsent(ResourceRow.id(rows, 1), id -> new HashSet<>()).add(ResourceRow.id(rows, 5));
        }
      }
      return references;
    }
  }

  /** Replaces every outgoing reference of {@code from}. */
  void replace(Connection connection, ResourceId from, Set<ResourceId> targets) throws SQLException {
    deleteFrom(connection, from);
    if (targets.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO resource_refs (from_key, to_key, " + TARGET_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
      for (ResourceId target : targets) {
        insert.setString(1, from.key());
        insert.setString(2, target.key());
        insert.setString(3, target.mesh());
        insert.setString(4, target.kind().arnSegment());
        insert.setString(5, target.parentName());
        insert.setString(6, target.name());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  void deleteFrom(Connection connection, ResourceId from) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM resource_refs WHERE from_key = ?")) {
      delete.setString(1, from.key());
      delete.executeUpdate();
    }
  }

  /** The first {@code limit} resources referencing {@code target}, in key order. */
  List<ResourceId> referrers(Connection connection, ResourceId target, int limit) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT resources.mesh, resources.kind, resources.parent_name, resources.name"
                + " FROM resource_refs JOIN resources ON resources.key = resource_refs.from_key"
                + " WHERE resource_refs.to_key = ? ORDER BY resources.key LIMIT "
                + limit)) {
      select.setString(1, target.key());
      List<ResourceId> referrers = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          referrers.add(ResourceRow.id(rows, 1));
        }
      }
      return referrers;
    }
  }

  private static Map<ResourceId, Set<ResourceId>> collect(
      PreparedStatement select, Function<String, ResourceId> fromKey) throws SQLException {
    Map<ResourceId, Set<ResourceId>> references = new HashMap<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        references.computeIfAbsent(fromKey.apply(rows.getString(1)), id -> new HashSet<>()).add(ResourceRow.id(rows, 2));
      }
    }
    return references;
  }
}
