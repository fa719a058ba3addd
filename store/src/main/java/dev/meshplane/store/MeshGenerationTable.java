package dev.meshplane.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * SQL over {@code mesh_generations}. The row outlives its mesh, so a mesh deleted and created
 * again keeps counting up and a transformer never mistakes new state for old.
 */
final class MeshGenerationTable {

  /** Adds one to the mesh's generation (1 on its first write); only inside a write transaction. */
  void bump(Connection connection, String mesh) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE mesh_generations SET generation = generation + 1 WHERE mesh = ?")) {
      update.setString(1, mesh);
      if (update.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO mesh_generations (mesh, generation) VALUES (?, 1)")) {
      insert.setString(1, mesh);
      insert.executeUpdate();
    }
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
