package dev.meshplane.store;

import java.util.List;

/**
 * The tables a backup holds, in the order it writes and a restore reads them, with their columns.
 * Restore inserts by these names only, so a backup file can never name SQL of its own;
 * {@code StoreBackupTest} fails when the schema gains a column this list lacks.
 */
enum BackupTable {
  STORE_KEYS("store_keys", "purpose", text("purpose"), text("key_hex")),
  RESOURCES(
      "resources",
      "key",
      text("key"), text("mesh"), text("kind"), text("parent_name"), text("name"), text("uid"),
      number("version"), number("created_at"), number("updated_at"), text("spec_json"), text("tags_json"),
      text("client_token"), text("mesh_owner"), text("resource_owner")),
  RESOURCE_REFS(
      "resource_refs",
      "from_key, to_key",
      text("from_key"), text("to_key"), text("to_mesh"), text("to_kind"), text("to_parent_name"), text("to_name")),
  MESH_GENERATIONS("mesh_generations", "mesh", text("mesh"), number("generation"), number("committed_at")),
  // last: a restore to a journal sequence derives the tables above from it
  JOURNAL(
      "journal",
      "seq",
      number("seq"), number("at"), text("mesh"), text("kind"), text("key"), text("parent_name"), text("name"),
      number("version"), text("operation"), text("body"), text("principal"));

  /** A column and whether it holds a number (BIGINT) or text. */
  record Column(String name, boolean number) {}

  private final String table;
  private final String orderBy;
  private final List<Column> columns;

  BackupTable(String table, String orderBy, Column... columns) {
    this.table = table;
    this.orderBy = orderBy;
    this.columns = List.of(columns);
  }

  String table() {
    return table;
  }

  List<Column> columns() {
    return columns;
  }

  String select() {
    return "SELECT " + columnList() + " FROM " + table + " ORDER BY " + orderBy;
  }

  String insert() {
    return "INSERT INTO " + table + " (" + columnList() + ") VALUES ("
        + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
  }

  int indexOf(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(column)) {
        return i;
      }
    }
    throw new IllegalArgumentException(table + " has no column " + column);
  }

  static java.util.Optional<BackupTable> named(String table) {
    for (BackupTable candidate : values()) {
      if (candidate.table.equals(table)) {
        return java.util.Optional.of(candidate);
      }
    }
    return java.util.Optional.empty();
  }

  private String columnList() {
    return String.join(", ", columns.stream().map(Column::name).toList());
  }

  private static Column text(String name) {
    return new Column(name, false);
  }

  private static Column number(String name) {
    return new Column(name, true);
  }
}
