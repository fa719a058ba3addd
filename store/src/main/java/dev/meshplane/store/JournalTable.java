package dev.meshplane.store;

import dev.meshplane.model.ResourceId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * SQL over {@code journal} and {@code journal_head}. Sequence numbers come from the single head
 * row, incremented inside the write's transaction: the row lock makes them gap-free and in commit
 * order on both databases (a rolled-back write rolls its increment back too).
 */
final class JournalTable {

  /** Takes the next sequence number; only inside a write transaction. */
  long next(Connection connection) throws SQLException {
    try (PreparedStatement update =
            connection.prepareStatement("UPDATE journal_head SET seq = seq + 1 RETURNING seq");
        ResultSet rows = update.executeQuery()) {
      if (!rows.next()) {
        throw new SQLException("journal_head has no row");
      }
      return rows.getLong(1);
    }
  }

  long head(Connection connection) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT seq FROM journal_head");
        ResultSet rows = select.executeQuery()) {
      if (!rows.next()) {
        throw new SQLException("journal_head has no row");
      }
      return rows.getLong(1);
    }
  }

  /** The sequence number of the resource's latest entry, 0 when it has none. */
  long latestOf(Connection connection, ResourceId id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT MAX(seq) FROM journal WHERE key = ?")) {
      select.setString(1, id.key());
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    }
  }

  void append(Connection connection, JournalEntry entry) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO journal (seq, at, mesh, kind, key, parent_name, name, version, operation, body, principal)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ResourceId id = entry.id();
      insert.setLong(1, entry.seq());
      insert.setLong(2, entry.at().toEpochMilli());
      insert.setString(3, id.mesh());
      insert.setString(4, id.kind().arnSegment());
      insert.setString(5, id.key());
      insert.setString(6, id.parentName());
      insert.setString(7, id.name());
      insert.setLong(8, entry.version());
      insert.setString(9, entry.operation().name());
      insert.setString(10, entry.body());
      insert.setString(11, entry.principal());
      insert.executeUpdate();
    }
  }

  List<JournalEntry> after(Connection connection, long afterSeq, int limit) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT seq, at, mesh, kind, parent_name, name, version, operation, body, principal"
                + " FROM journal WHERE seq > ? ORDER BY seq LIMIT ?")) {
      select.setLong(1, afterSeq);
      select.setInt(2, limit);
      return entries(select);
    }
  }

  List<JournalEntry> ofMesh(Connection connection, String mesh, long afterSeq, int limit) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT seq, at, mesh, kind, parent_name, name, version, operation, body, principal"
                + " FROM journal WHERE mesh = ? AND seq > ? ORDER BY seq LIMIT ?")) {
      select.setString(1, mesh);
      select.setLong(2, afterSeq);
      select.setInt(3, limit);
      return entries(select);
    }
  }

  /**
   * The resources of one mesh that entries after {@code afterSeq} name, each once, or null when
   * there are more than {@code limit} entries.
   */
  Set<ResourceId> touchedInMesh(Connection connection, String mesh, long afterSeq, int limit) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT mesh, kind, parent_name, name FROM journal WHERE mesh = ? AND seq > ? ORDER BY seq LIMIT ?")) {
      select.setString(1, mesh);
      select.setLong(2, afterSeq);
      select.setInt(3, limit + 1);
      Set<ResourceId> touched = new LinkedHashSet<>();
      int entries = 0;
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          if (++entries > limit) {
            return null;
          }
          touched.add(ResourceRow.id(rows, 1));
        }
      }
      return touched;
    }
  }

  private static List<JournalEntry> entries(PreparedStatement select) throws SQLException {
    List<JournalEntry> entries = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        entries.add(
            new JournalEntry(
                rows.getLong("seq"),
                Instant.ofEpochMilli(rows.getLong("at")),
                ResourceRow.id(rows, 3),
                rows.getLong("version"),
                JournalEntry.Operation.valueOf(rows.getString("operation")),
                rows.getString("body"),
                rows.getString("principal")));
      }
    }
    return entries;
  }
}
