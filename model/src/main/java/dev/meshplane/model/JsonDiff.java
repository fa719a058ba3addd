package dev.meshplane.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A readable difference of two JSON trees, one line per leaf that differs:
 * {@code + path: value} added, {@code - path: value} removed, {@code ~ path: old -> new} changed.
 * Objects are compared member by member, arrays index by index; what is equal is not listed.
 */
public final class JsonDiff {
  private JsonDiff() {}

  public static List<String> lines(JsonNode before, JsonNode after, String root) {
    List<String> lines = new ArrayList<>();
    diff(before == null ? MissingNode.getInstance() : before, after == null ? MissingNode.getInstance() : after, root, lines);
    return lines;
  }

  private static void diff(JsonNode before, JsonNode after, String path, List<String> lines) {
    if (before.equals(after)) {
      return;
    }
    if (before.isMissingNode() || before.isNull()) {
      lines.add("+ " + path + ": " + after);
    } else if (after.isMissingNode() || after.isNull()) {
      lines.add("- " + path + ": " + before);
    } else if (before.isObject() && after.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      before.fieldNames().forEachRemaining(names::add);
      after.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        diff(before.path(name), after.path(name), path.isEmpty() ? name : path + "." + name, lines);
      }
    } else if (before.isArray() && after.isArray()) {
      for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
        diff(before.path(i), after.path(i), path + "[" + i + "]", lines);
      }
    } else {
      lines.add("~ " + path + ": " + before + " -> " + after);
    }
  }
}
