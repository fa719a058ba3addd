package dev.meshplane.frontend.rules;

import dev.meshplane.model.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Collects cross-field violations with their paths; the few rule shapes every kind repeats. */
final class ViolationList {
  private final List<Violation> violations = new ArrayList<>();

  void add(String path, String message) {
    violations.add(new Violation(path, message));
  }

  /** Exactly one of the named members must be set (they are not a union in the model). */
  void exactlyOne(String path, Map<String, Boolean> members) {
    long set = members.values().stream().filter(Boolean::booleanValue).count();
    if (set != 1) {
      add(
          path,
          "exactly one of "
              + String.join(", ", members.keySet())
              + " must be set"
              + (set > 1 ? ", got " + set : ""));
    }
  }

  /** Listener ports must be distinct: two listeners on one port cannot both be served. */
  void distinctPorts(String path, List<Integer> ports) {
    Map<Integer, Integer> first = new LinkedHashMap<>();
    for (int i = 0; i < ports.size(); i++) {
      Integer earlier = first.putIfAbsent(ports.get(i), i);
      if (earlier != null) {
        add(
            path + "[" + i + "].portMapping.port",
            "port " + ports.get(i) + " is already used by " + path + "[" + earlier + "]");
      }
    }
  }

  static String quoted(List<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", "));
  }

  List<Violation> toList() {
    return List.copyOf(violations);
  }
}
