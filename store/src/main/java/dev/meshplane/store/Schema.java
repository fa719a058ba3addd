package dev.meshplane.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The store's tables and indexes, created when missing; the same DDL on both databases. */
final class Schema {

  private Schema() {}

  static List<String> statements(SqlDialect dialect) {
    String sorted = dialect.sortedText();
    return List.of(
        "CREATE TABLE IF NOT EXISTS resources ("
            + " key " + sorted + " PRIMARY KEY,"
            + " mesh " + sorted + " NOT NULL,"
            + " kind TEXT NOT NULL,"
            + " parent_name " + sorted + ","
            + " name " + sorted + " NOT NULL,"
            + " uid TEXT NOT NULL,"
            + " version BIGINT NOT NULL,"
            + " created_at BIGINT NOT NULL,"
            + " updated_at BIGINT NOT NULL,"
            + " spec_json TEXT NOT NULL,"
            + " tags_json TEXT NOT NULL,"
            + " client_token TEXT,"
            + " mesh_owner TEXT,"
            + " resource_owner TEXT)",
        // listing: one kind in one mesh (under one router or gateway) in name order; child checks
        "CREATE INDEX IF NOT EXISTS resources_listing ON resources (kind, mesh, parent_name, name)",
        // a mesh's resources: snapshots and the mesh's child check
        "CREATE INDEX IF NOT EXISTS resources_of_mesh ON resources (mesh, key)",
        // the to_* columns name the target exactly (names may contain what keys use as separators)
        "CREATE TABLE IF NOT EXISTS resource_refs ("
            + " from_key " + sorted + " NOT NULL,"
            + " to_key " + sorted + " NOT NULL,"
            + " to_mesh " + sorted + " NOT NULL,"
            + " to_kind TEXT NOT NULL,"
            + " to_parent_name " + sorted + ","
            + " to_name " + sorted + " NOT NULL,"
            + " PRIMARY KEY (from_key, to_key))",
        "CREATE INDEX IF NOT EXISTS resource_refs_to ON resource_refs (to_key)",
        "CREATE TABLE IF NOT EXISTS journal ("
            + " seq BIGINT PRIMARY KEY,"
            + " at BIGINT NOT NULL,"
            + " mesh " + sorted + " NOT NULL,"
            + " kind TEXT NOT NULL,"
            + " key " + sorted + " NOT NULL,"
            + " parent_name " + sorted + ","
            + " name " + sorted + " NOT NULL,"
            + " version BIGINT NOT NULL,"
            + " operation TEXT NOT NULL,"
            + " body TEXT NOT NULL,"
            + " principal TEXT)",
        // a resource's history: the audit trail and a replayed create's journal position
        "CREATE INDEX IF NOT EXISTS journal_of_key ON journal (key, seq)",
        // a mesh's history and as-of views
        "CREATE INDEX IF NOT EXISTS journal_of_mesh ON journal (mesh, seq)",
        "CREATE TABLE IF NOT EXISTS journal_head ("
            + " id INTEGER PRIMARY KEY CHECK (id = 1),"
            + " seq BIGINT NOT NULL)",
        "INSERT INTO journal_head (id, seq) SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM journal_head)",
        "CREATE TABLE IF NOT EXISTS mesh_generations ("
            + " mesh " + sorted + " PRIMARY KEY,"
            + " generation BIGINT NOT NULL,"
            + " committed_at BIGINT NOT NULL)",
        // random keys shared by every process on the store (page tokens are signed with one)
        "CREATE TABLE IF NOT EXISTS store_keys ("
            + " purpose TEXT PRIMARY KEY,"
            + " key_hex TEXT NOT NULL)");
  }

  static Void create(Connection connection, SqlDialect dialect) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements(dialect)) {
        statement.execute(sql);
      }
    }
    return null;
  }
}
