package dev.meshplane.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes every table to a gzip'd file of JSON lines from inside one read transaction, so the
 * backup is consistent at one journal sequence while writes go on: a header line, one line per
 * row ({@code {"table": ..., "row": [...]}}, columns as {@link BackupTable} lists them), and an
 * end line with the row counts, whose absence tells a restore that the file was cut short.
 */
final class StoreBackupWriter {

  static final String FORMAT = "meshplane-backup";
  static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StoreBackupWriter() {}

  static BackupManifest write(Connection connection, String database, Instant takenAt, OutputStream out)
      throws SQLException {
    try {
      GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16);
      Writer writer = new BufferedWriter(new OutputStreamWriter(gzip, StandardCharsets.UTF_8), 1 << 16);
      long journalSeq = new JournalTable().head(connection);
      ObjectNode header = MAPPER.createObjectNode();
      header.put("format", FORMAT);
      header.put("formatVersion", FORMAT_VERSION);
      header.put("journalSeq", journalSeq);
      header.put("takenAt", takenAt.toString());
      header.put("database", database);
      line(writer, header);
      Map<String, Long> counts = new LinkedHashMap<>();
      for (BackupTable table : BackupTable.values()) {
        counts.put(table.table(), rows(connection, table, writer));
      }
      ObjectNode end = MAPPER.createObjectNode();
      end.set("end", MAPPER.valueToTree(counts));
      line(writer, end);
      writer.flush();
      gzip.finish();
      return new BackupManifest(journalSeq, takenAt, database, counts);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the backup: " + e.getMessage(), e);
    }
  }

  private static long rows(Connection connection, BackupTable table, Writer writer)
      throws SQLException, IOException {
    long count = 0;
    try (PreparedStatement select = connection.prepareStatement(table.select());
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        ObjectNode line = MAPPER.createObjectNode();
        line.put("table", table.table());
        ArrayNode values = line.putArray("row");
        for (int i = 0; i < table.columns().size(); i++) {
          if (table.columns().get(i).number()) {
            long value = rows.getLong(i + 1);
            if (rows.wasNull()) {
              values.addNull();
            } else {
              values.add(value);
            }
          } else {
            values.add(rows.getString(i + 1));
          }
        }
        line(writer, line);
        count++;
      }
    }
    return count;
  }

  private static void line(Writer writer, ObjectNode node) throws IOException {
    writer.write(MAPPER.writeValueAsString(node));
    writer.write('\n');
  }
}
