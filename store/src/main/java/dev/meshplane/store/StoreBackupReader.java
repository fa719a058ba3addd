package dev.meshplane.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads what {@link StoreBackupWriter} wrote, line by line, checking as it goes: the header, each
 * row's table, arity and value types, tables in the written order, and the end line's counts.
 */
final class StoreBackupReader implements AutoCloseable {

  /** One row: its table and its values in the table's column order (Long, String or null). */
  record Row(BackupTable table, Object[] values) {
    long number(String column) {
      return (Long) values[table.indexOf(column)];
    }

    String text(String column) {
      return (String) values[table.indexOf(column)];
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final BufferedReader lines;
  private final BackupManifest header;
  private final Map<String, Long> counted = new LinkedHashMap<>();
  private int lineNumber = 1;
  private BackupTable lastTable;
  private boolean ended;

  StoreBackupReader(InputStream in) {
    try {
      this.lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(in, 1 << 16), StandardCharsets.UTF_8));
      this.header = header(parse(lines.readLine()));
    } catch (ZipException e) {
      throw new BackupFileException("This is not a Meshplane backup (not gzip): " + e.getMessage(), e);
    } catch (IOException e) {
      throw new BackupFileException("Cannot read the backup: " + e.getMessage(), e);
    }
  }

  BackupManifest header() {
    return header;
  }

  /** Whether rows were read already: a transaction that retried cannot read them again. */
  boolean started() {
    return lineNumber > 1;
  }

  /** The next row, or null after the end line (whose counts were then checked). */
  Row next() {
    if (ended) {
      return null;
    }
    String line;
    try {
      line = lines.readLine();
    } catch (IOException e) {
      throw new BackupFileException("The backup is damaged at line " + (lineNumber + 1) + ": " + e.getMessage(), e);
    }
    lineNumber++;
    if (line == null) {
      throw new BackupFileException(
          "The backup is truncated: it ends at line " + (lineNumber - 1) + " without its end line");
    }
    JsonNode node = parse(line);
    if (node.has("end")) {
      checkEnd(node.get("end"));
      ended = true;
      return null;
    }
    return row(node);
  }

  private Row row(JsonNode node) {
    String tableName = node.path("table").asText("");
    BackupTable table = BackupTable.named(tableName)
        .orElseThrow(() -> bad("names no table of the store: '" + tableName + "'"));
    if (lastTable != null && table.ordinal() < lastTable.ordinal()) {
      throw bad("has a row of " + tableName + " after rows of " + lastTable.table());
    }
    lastTable = table;
    JsonNode row = node.path("row");
    if (!row.isArray() || row.size() != table.columns().size()) {
      throw bad("has a " + tableName + " row without its " + table.columns().size() + " values");
    }
    Object[] values = new Object[row.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode value = row.get(i);
      BackupTable.Column column = table.columns().get(i);
      if (value.isNull()) {
        values[i] = null;
      } else if (column.number() && value.canConvertToLong() && value.isIntegralNumber()) {
        values[i] = value.longValue();
      } else if (!column.number() && value.isTextual()) {
        values[i] = value.textValue();
      } else {
        throw bad("has a " + tableName + "." + column.name() + " that is not " + (column.number() ? "a number" : "text"));
      }
    }
    counted.merge(tableName, 1L, Long::sum);
    return new Row(table, values);
  }

  private void checkEnd(JsonNode end) {
    Map<String, Long> declared = new HashMap<>();
    end.fields().forEachRemaining(field -> declared.put(field.getKey(), field.getValue().asLong()));
    for (BackupTable table : BackupTable.values()) {
      long read = counted.getOrDefault(table.table(), 0L);
      long written = declared.getOrDefault(table.table(), -1L);
      if (read != written) {
        throw new BackupFileException(
            "The backup is damaged: its end line counts " + written + " rows of " + table.table()
                + " but it holds " + read);
      }
    }
  }

  private BackupManifest header(JsonNode node) {
    if (!StoreBackupWriter.FORMAT.equals(node.path("format").asText())) {
      throw new BackupFileException("This is not a Meshplane backup: its first line has no \"format\": \""
          + StoreBackupWriter.FORMAT + "\"");
    }
    int version = node.path("formatVersion").asInt(-1);
    if (version != StoreBackupWriter.FORMAT_VERSION) {
      throw new BackupFileException("This backup has format version " + version + "; this Meshplane reads version "
          + StoreBackupWriter.FORMAT_VERSION);
    }
    try {
      return new BackupManifest(
          node.path("journalSeq").asLong(),
          Instant.parse(node.path("takenAt").asText()),
          node.path("database").asText(),
          Map.of());
    } catch (DateTimeParseException e) {
      throw new BackupFileException("The backup's header has no valid takenAt: " + e.getMessage(), e);
    }
  }

  private JsonNode parse(String line) {
    if (line == null) {
      throw new BackupFileException("The backup is empty");
    }
    try {
      return MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw bad("is not JSON: " + e.getOriginalMessage());
    }
  }

  private BackupFileException bad(String what) {
    return new BackupFileException("The backup is damaged: line " + lineNumber + " " + what);
  }

  @Override
  public void close() {
    try {
      lines.close();
    } catch (IOException ignored) {
      // reading is over; nothing was written
    }
  }
}
