package dev.meshplane.store;

import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import java.util.List;
import java.util.stream.Collectors;

/** The readable names that store error messages use ("route x of virtual router r"). */
final class ResourceNames {

  /** How many children or referrers a message names. */
  static final int NAMED = 5;

  private ResourceNames() {}

  /** {@code virtual node}: the kind as a person would write it. */
  static String kind(ResourceKind kind) {
    return switch (kind) {
      case MESH -> "mesh";
      case VIRTUAL_SERVICE -> "virtual service";
      case VIRTUAL_ROUTER -> "virtual router";
      case ROUTE -> "route";
      case VIRTUAL_NODE -> "virtual node";
      case VIRTUAL_GATEWAY -> "virtual gateway";
      case GATEWAY_ROUTE -> "gateway route";
    };
  }

  /** {@code virtual node n}, {@code route x of virtual router r}, {@code mesh m}. */
  static String within(ResourceId id) {
    String own = kind(id.kind()) + " " + id.name();
    if (id.kind().parentKind().isEmpty()) {
      return own;
    }
    return own + " of " + kind(id.parent().kind()) + " " + id.parentName();
  }

  /** {@code virtual node n in mesh m}; {@code mesh m} for a mesh. */
  static String inMesh(ResourceId id) {
    return id.kind() == ResourceKind.MESH ? within(id) : within(id) + " in mesh " + id.mesh();
  }

  /** {@code Virtual router r not found in mesh m}; {@code Mesh m not found}. */
  static String notFound(ResourceId id) {
    return capitalized(within(id)) + " not found" + meshSuffix(id);
  }

  /** {@code Virtual node n in mesh m not found (referenced by route x of virtual router r)}. */
  static String referenceNotFound(ResourceId reference, ResourceId referrer) {
    return capitalized(inMesh(reference)) + " not found (referenced by " + within(referrer) + ")";
  }

  /** {@code Virtual router r in mesh m not found (required by route x of virtual router r)}. */
  static String preconditionSubjectNotFound(ResourceId subject, ResourceId resource) {
    return capitalized(inMesh(subject)) + " not found (required by " + within(resource) + ")";
  }

  /** {@code Virtual node n already exists in mesh m}. */
  static String alreadyExists(ResourceId id) {
    return capitalized(within(id)) + " already exists" + meshSuffix(id);
  }

  /** {@code Virtual node n in mesh m is at version 3, not the expected version 2}. */
  static String versionMismatch(ResourceId id, long stored, long expected) {
    return capitalized(inMesh(id)) + " is at version " + stored + ", not the expected version " + expected;
  }

  /**
   * {@code Mesh m still has 3 resources: virtual node a, virtual router b, ...} or {@code Virtual
   * router r in mesh m still has 1 route: route a}; {@code shown} holds the first {@link #NAMED}.
   */
  static String stillHasChildren(ResourceId parent, int count, List<ResourceId> shown) {
    String noun = parent.kind() == ResourceKind.MESH ? "resource" : kind(shown.get(0).kind());
    String names =
        shown.stream()
            .map(child -> parent.kind() == ResourceKind.MESH ? within(child) : kind(child.kind()) + " " + child.name())
            .collect(Collectors.joining(", "));
    return capitalized(inMesh(parent))
        + " still has "
        + count
        + " "
        + noun
        + (count == 1 ? "" : "s")
        + ": "
        + names
        + (count > shown.size() ? ", ..." : "");
  }

  /**
   * {@code Virtual node n in mesh m is in use: referenced by route x of virtual router r, virtual
   * service s}: names the first five referrers, and ends with {@code , ...} when there are more.
   */
  static String inUse(ResourceId id, List<ResourceId> referrers) {
    return capitalized(inMesh(id))
        + " is in use: referenced by "
        + referrers.stream().limit(NAMED).map(ResourceNames::within).collect(Collectors.joining(", "))
        + (referrers.size() > NAMED ? ", ..." : "");
  }

  /**
   * {@code Cannot create virtual node n: mesh m already has 200 virtual nodes, the limit of
   * virtual nodes per mesh (meshplane.limits.virtual-nodes-per-mesh); delete one or raise the limit}.
   */
  static String limitExceeded(ResourceId id, int count, CountLimit limit) {
    String scope =
        switch (id.kind()) {
          case MESH -> "there are already";
          case ROUTE, GATEWAY_ROUTE -> inMesh(id.parent()) + " already has";
          default -> "mesh " + id.mesh() + " already has";
        };
    String plural = kind(id.kind()) + (count == 1 ? "" : id.kind() == ResourceKind.MESH ? "es" : "s");
    return "Cannot create " + within(id) + ": " + scope + " " + count + " " + plural + ", the limit of " + limit.quota()
        + "; delete one or raise the limit";
  }

  private static String meshSuffix(ResourceId id) {
    return id.kind() == ResourceKind.MESH ? "" : " in mesh " + id.mesh();
  }

  private static String capitalized(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
