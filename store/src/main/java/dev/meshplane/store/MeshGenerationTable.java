package dev.meshplane.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL over {@code mesh_generations}. The row outlives its mesh, so a mesh deleted and created
 * again keeps counting up and a transformer never mistakes new state for old.
 */
final class MeshGenerationTable {

  /** Adds one to the mesh's generation (1 on its first write); only inside a write transaction. */
  void bump(Connection connection, String mesh, Instant committedAt) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE mesh_generations SET generation = generation + 1, committed_at = ? WHERE mesh = ?")) {
      update.setLong(1, committedAt.toEpochMilli());
      update.setString(2, mesh);
      if (update.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO mesh_generations (mesh, generation, committed_at) VALUES (?, 1, ?)")) {
      insert.setString(1, mesh);
      insert.setLong(2, committedAt.toEpochMilli());
      insert.executeUpdate();
    }
  }

  /** The mesh's generation row, when the mesh was ever written. */
  Optional<MeshGeneration> find(Connection connection, String mesh) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT mesh, generation, committed_at FROM mesh_generations WHERE mesh = ?")) {
      select.setString(1, mesh);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(row(rows)) : Optional.empty();
      }
    }
  }

  List<MeshGeneration> all(Connection connection) throws SQLException {
    List<MeshGeneration> all = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT mesh, generation, committed_at FROM mesh_generations ORDER BY mesh")) {
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          all.add(row(rows));
        }
      }
    }
    return all;
  }

  private static MeshGeneration row(ResultSet rows) throws SQLException {
    return new MeshGeneration(rows.getString(1), rows.getLong(2), Instant.ofEpochMilli(rows.getLong(3)));
  }

  long of(Connection connection, String mesh) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT generation FROM mesh_generations WHERE mesh = ?")) {
      select.setString(1, mesh);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    }
  }
}
