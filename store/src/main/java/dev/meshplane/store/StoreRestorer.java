package dev.meshplane.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.model.ResourceId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fills an empty store from a backup, in one write transaction: all of it, or as it was at an
 * earlier journal sequence. The earlier state is derived from the journal, which records every
 * write with the resource as written: the last entry of each key up to that sequence is the
 * resource (none when it is a delete), a mesh's generation is its number of entries, and the
 * references are those the API computes for the spec.
 */
final class StoreRestorer {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int BATCH = 500;

  private final Connection connection;
  private final Map<String, Long> restored = new LinkedHashMap<>();

  private StoreRestorer(Connection connection) {
    this.connection = connection;
  }

  static BackupManifest restore(
      Connection connection, StoreBackupReader backup, Long toSeq, ReferenceFinder references) throws SQLException {
    if (backup.started()) {
      throw new BackupFileException(
          "The restore was interrupted by another writer on the store; run it again with no server using the store");
    }
    StoreRestorer restorer = new StoreRestorer(connection);
    restorer.requireEmpty();
    long head = backup.header().journalSeq();
    long seq;
    if (toSeq == null || toSeq == head) {
      restorer.copyAll(backup);
      seq = head;
    } else {
      if (toSeq < 0 || toSeq > head) {
        throw new BackupFileException(
            "Cannot restore to journal sequence " + toSeq + ": the backup holds sequences 1 to " + head);
      }
      Objects.requireNonNull(references, "references");
      new AsOfSequence(restorer, toSeq, references).restore(backup);
      seq = toSeq;
    }
    try (PreparedStatement update = connection.prepareStatement("UPDATE journal_head SET seq = ? WHERE id = 1")) {
      update.setLong(1, seq);
      update.executeUpdate();
    }
    return new BackupManifest(seq, backup.header().takenAt(), backup.header().database(), restorer.restored);
  }

  private void requireEmpty() throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT (SELECT COUNT(*) FROM resources) + (SELECT COUNT(*) FROM journal)")) {
      rows.next();
      long held = rows.getLong(1);
      if (held > 0) {
        throw new BackupFileException(
            "A restore needs an empty store; this one holds " + held + " resources and journal entries."
                + " Restore into a new data directory or database.");
      }
    }
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate("DELETE FROM store_keys"); // the backup's keys keep its page tokens valid
      statement.executeUpdate("DELETE FROM mesh_generations");
    }
  }

  private void copyAll(StoreBackupReader backup) throws SQLException {
    try (Inserter inserter = new Inserter()) {
      for (StoreBackupReader.Row row = backup.next(); row != null; row = backup.next()) {
        inserter.add(row.table(), row.values());
      }
    }
  }

  /** Writes rows in batches, one prepared statement per table at a time. */
  private final class Inserter implements AutoCloseable {
    private BackupTable table;
    private PreparedStatement statement;
    private int pending;

    void add(BackupTable rowTable, Object[] values) throws SQLException {
      if (rowTable != table) {
        flush();
        closeStatement();
        table = rowTable;
        statement = connection.prepareStatement(rowTable.insert());
      }
      for (int i = 0; i < values.length; i++) {
        if (values[i] == null) {
          statement.setNull(i + 1, table.columns().get(i).number() ? Types.BIGINT : Types.VARCHAR);
        } else {
          statement.setObject(i + 1, values[i]);
        }
      }
      statement.addBatch();
      restored.merge(table.table(), 1L, Long::sum);
      if (++pending == BATCH) {
        flush();
      }
    }

    private void flush() throws SQLException {
      if (pending > 0) {
        statement.executeBatch();
        pending = 0;
      }
    }

    private void closeStatement() throws SQLException {
      if (statement != null) {
        statement.close();
      }
    }

    @Override
    public void close() throws SQLException {
      flush();
      closeStatement();
    }
  }

  /** The store as it was right after one journal sequence. */
  private static final class AsOfSequence {
    private final StoreRestorer restorer;
    private final long toSeq;
    private final ReferenceFinder references;
    private final Map<String, Object[]> currentRows = new HashMap<>();
    private final Map<String, List<Object[]>> currentRefs = new HashMap<>();
    private final Map<String, Object[]> lastEntry = new LinkedHashMap<>();
    private final Map<String, Long> createdAt = new HashMap<>();
    private final Map<String, Long> updatedAt = new HashMap<>();
    private final Map<String, long[]> generations = new LinkedHashMap<>();

    AsOfSequence(StoreRestorer restorer, long toSeq, ReferenceFinder references) {
      this.restorer = restorer;
      this.toSeq = toSeq;
      this.references = references;
    }

    void restore(StoreBackupReader backup) throws SQLException {
      try (Inserter inserter = restorer.new Inserter()) {
        for (StoreBackupReader.Row row = backup.next(); row != null; row = backup.next()) {
          switch (row.table()) {
            case STORE_KEYS -> inserter.add(row.table(), row.values());
            case RESOURCES -> currentRows.put(row.text("key"), row.values());
            case RESOURCE_REFS -> currentRefs.computeIfAbsent(row.text("from_key"), k -> new ArrayList<>())
                .add(row.values());
            case MESH_GENERATIONS -> { } // derived from the journal below
            case JOURNAL -> {
              if (row.number("seq") <= toSeq) {
                inserter.add(row.table(), row.values());
                record(row);
              }
            }
          }
        }
        List<Object[]> resourceRows = new ArrayList<>();
        List<Object[]> referenceRows = new ArrayList<>();
        for (Map.Entry<String, Object[]> entry : lastEntry.entrySet()) {
          resource(entry.getKey(), entry.getValue(), resourceRows, referenceRows);
        }
        for (Object[] row : resourceRows) {
          inserter.add(BackupTable.RESOURCES, row);
        }
        for (Object[] row : referenceRows) {
          inserter.add(BackupTable.RESOURCE_REFS, row);
        }
        for (Map.Entry<String, long[]> generation : generations.entrySet()) {
          inserter.add(BackupTable.MESH_GENERATIONS,
              new Object[] {generation.getKey(), generation.getValue()[0], generation.getValue()[1]});
        }
      }
    }

    private void record(StoreBackupReader.Row entry) {
      String key = entry.text("key");
      long at = entry.number("at");
      String operation = entry.text("operation");
      lastEntry.put(key, entry.values());
      if (operation.equals("CREATE")) {
        createdAt.put(key, at);
      }
      if (operation.equals("CREATE") || operation.equals("UPDATE")) {
        updatedAt.put(key, at);
      }
      generations.merge(entry.text("mesh"), new long[] {1, at}, (a, b) -> new long[] {a[0] + 1, b[1]});
    }

    /** Inserts the resource the key's last entry wrote, unless that entry deleted it. */
    private void resource(String key, Object[] entry, List<Object[]> resourceRows, List<Object[]> referenceRows) {
      BackupTable journal = BackupTable.JOURNAL;
      if ("DELETE".equals(entry[journal.indexOf("operation")])) {
        return;
      }
      JsonNode body = body(entry[journal.indexOf("body")]);
      String uid = body.path("uid").asText();
      long version = body.path("version").asLong();
      String tagsJson = body.path("tags").toString();
      Object[] current = currentRows.get(key);
      BackupTable resources = BackupTable.RESOURCES;
      if (current != null
          && uid.equals(current[resources.indexOf("uid")])
          && Long.valueOf(version).equals(current[resources.indexOf("version")])
          && tree(tagsJson).equals(tree((String) current[resources.indexOf("tags_json")]))) {
        // unchanged since: the backup's own row, exact to the client token and owners
        resourceRows.add(current);
        referenceRows.addAll(currentRefs.getOrDefault(key, List.of()));
        return;
      }
      String specJson = body.path("spec").toString();
      Object[] row = {
        key,
        entry[journal.indexOf("mesh")],
        entry[journal.indexOf("kind")],
        entry[journal.indexOf("parent_name")],
        entry[journal.indexOf("name")],
        uid,
        version,
        createdAt.get(key),
        updatedAt.get(key),
        specJson,
        tagsJson,
        textOrNull(body, "clientToken"),
        textOrNull(body, "meshOwner"),
        textOrNull(body, "resourceOwner")
      };
      resourceRows.add(row);
      ResourceId id = new ResourceId(
          (String) row[1], ResourceRow.kind((String) row[2]), (String) row[3], (String) row[4]);
      for (ResourceId target : references.referencesOf(id, specJson)) {
        referenceRows.add(new Object[] {
          key, target.key(), target.mesh(), target.kind().arnSegment(), target.parentName(), target.name()});
      }
    }

    private static String textOrNull(JsonNode body, String field) {
      JsonNode value = body.get(field);
      return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode body(Object text) {
      return tree((String) text);
    }

    private static JsonNode tree(String json) {
      try {
        return MAPPER.readTree(json);
      } catch (JsonProcessingException e) {
        throw new BackupFileException("The backup holds a journal body or tags that are not JSON: " + e.getOriginalMessage(), e);
      }
    }
  }
}
