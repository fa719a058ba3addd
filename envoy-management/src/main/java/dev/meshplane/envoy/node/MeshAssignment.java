package dev.meshplane.envoy.node;

import java.util.List;

/**
 * The meshes one envoy-management instance serves: all of them, or those its patterns name
 * (exact names, or a prefix ending in {@code *}). Instances assigned disjoint meshes are cells: a
 * bad or hot mesh loads only its own instances, and proxies of other meshes never reach them.
 */
public final class MeshAssignment {
  private static final MeshAssignment ALL = new MeshAssignment(List.of());

  private final List<String> patterns;

  private MeshAssignment(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  public static MeshAssignment all() {
    return ALL;
  }

  /** Only the meshes {@code patterns} name; an empty list means all. */
  public static MeshAssignment of(List<String> patterns) {
    for (String pattern : patterns) {
      if (pattern.isBlank() || pattern.indexOf('*') >= 0 && pattern.indexOf('*') != pattern.length() - 1) {
        throw new IllegalArgumentException(
            "mesh pattern '" + pattern + "' must be a mesh name or a prefix ending in * (e.g. team-a-*)");
      }
    }
    return patterns.isEmpty() ? ALL : new MeshAssignment(patterns);
  }

  public boolean serves(String mesh) {
    return patterns.isEmpty() || patterns.stream().anyMatch(pattern -> matches(pattern, mesh));
  }

  public List<String> patterns() {
    return patterns;
  }

  @Override
  public String toString() {
    return patterns.isEmpty() ? "every mesh" : "meshes " + String.join(", ", patterns);
  }

  private static boolean matches(String pattern, String mesh) {
    return pattern.endsWith("*") ? mesh.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(mesh);
  }
}
