package dev.meshplane.manifests.cloudformation;

import dev.meshplane.manifests.ManifestException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Logical ids ordered so each comes after what it uses; a cycle is an error that names it. */
final class DependencyOrder {
  private DependencyOrder() {}

  static List<String> of(Map<String, Set<String>> dependencies, String file) {
    List<String> order = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (String id : dependencies.keySet()) {
      visit(id, dependencies, done, new LinkedHashSet<>(), order, file);
    }
    return order;
  }

  private static void visit(
      String id, Map<String, Set<String>> dependencies, Set<String> done, LinkedHashSet<String> path, List<String> order, String file) {
    if (done.contains(id) || !dependencies.containsKey(id)) {
      return;
    }
    if (!path.add(id)) {
      List<String> cycle = new ArrayList<>(path);
      cycle = cycle.subList(cycle.indexOf(id), cycle.size());
      throw new ManifestException(file + "#Resources." + id, "DependsOn",
          "circular dependency: " + String.join(" -> ", cycle) + " -> " + id);
    }
    for (String dependency : dependencies.get(id)) {
      visit(dependency, dependencies, done, path, order, file);
    }
    path.remove(id);
    done.add(id);
    order.add(id);
  }
}
