package dev.meshplane.model;

import java.util.Objects;

/**
 * Names one resource: its mesh, kind, the router or gateway it lives under (routes and gateway
 * routes only) and its name. A mesh's id has {@code mesh == name}.
 *
 * <p>{@link #key()} is the stable, readable store key and ARN resource part:
 * {@code mesh/m}, {@code mesh/m/virtualNode/n}, {@code mesh/m/virtualRouter/r/route/x}.
 */
public record ResourceId(String mesh, ResourceKind kind, String parentName, String name) {

  public ResourceId {
    Objects.requireNonNull(mesh, "mesh");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    if (kind.parentKind().isPresent() != (parentName != null)) {
      throw new IllegalArgumentException(
          kind + (parentName == null ? " needs" : " has no") + " a parent name");
    }
    if (kind == ResourceKind.MESH && !mesh.equals(name)) {
      throw new IllegalArgumentException("a mesh id names the mesh twice: " + mesh + " / " + name);
    }
  }

  public static ResourceId mesh(String mesh) {
    return new ResourceId(mesh, ResourceKind.MESH, null, mesh);
  }

  public static ResourceId of(String mesh, ResourceKind kind, String name) {
    return new ResourceId(mesh, kind, null, name);
  }

  public static ResourceId child(String mesh, ResourceKind kind, String parentName, String name) {
    return new ResourceId(mesh, kind, parentName, name);
  }

  /** The router of a route or the gateway of a gateway route; the mesh for every other kind. */
  public ResourceId parent() {
    return kind.parentKind()
        .map(parentKind -> ResourceId.of(mesh, parentKind, parentName))
        .orElse(ResourceId.mesh(mesh));
  }

  public String key() {
    if (kind == ResourceKind.MESH) {
      return "mesh/" + mesh;
    }
    if (parentName == null) {
      return "mesh/" + mesh + "/" + kind.arnSegment() + "/" + name;
    }
    return "mesh/" + mesh + "/" + kind.parentKind().orElseThrow().arnSegment() + "/" + parentName + "/"
        + kind.arnSegment() + "/" + name;
  }

  @Override
  public String toString() {
    return key();
  }
}
