package dev.meshplane.model;

import java.util.Optional;

/**
 * App Mesh ARNs: {@code arn:aws:appmesh:<region>:<account>:<key>}, where the key is a
 * {@link ResourceId#key()}.
 */
public final class Arns {
  private Arns() {}

  public static String arn(String region, String account, ResourceId id) {
    return "arn:aws:appmesh:" + region + ":" + account + ":" + id.key();
  }

  /** Parses a full ARN or a bare key ({@code mesh/m/virtualNode/n}); empty when it names no resource. */
  public static Optional<ResourceId> parse(String arnOrKey) {
    String key = arnOrKey;
    if (arnOrKey.startsWith("arn:")) {
      String[] parts = arnOrKey.split(":", 6);
      // Partition, region and account are never empty in an App Mesh ARN.
      if (parts.length != 6 || parts[1].isEmpty() || !parts[2].equals("appmesh") || parts[3].isEmpty()
          || parts[4].isEmpty()) {
        return Optional.empty();
      }
      key = parts[5];
    }
    return parseKey(key);
  }

  private static Optional<ResourceId> parseKey(String key) {
    String[] s = key.split("/", -1);
    for (String part : s) {
      if (part.isEmpty()) {
        return Optional.empty();
      }
    }
    if (s.length < 2 || !s[0].equals("mesh")) {
      return Optional.empty();
    }
    String mesh = s[1];
    if (s.length == 2) {
      return Optional.of(ResourceId.mesh(mesh));
    }
    Optional<ResourceKind> kind = ResourceKind.fromArnSegment(s[2]);
    if (kind.isEmpty() || kind.get() == ResourceKind.MESH || kind.get().parentKind().isPresent()) {
      return Optional.empty();
    }
    if (s.length == 4) {
      return Optional.of(ResourceId.of(mesh, kind.get(), s[3]));
    }
    if (s.length == 6) {
      Optional<ResourceKind> child = ResourceKind.fromArnSegment(s[4]);
      if (child.isPresent() && child.get().parentKind().equals(kind)) {
        return Optional.of(ResourceId.child(mesh, child.get(), s[3], s[5]));
      }
    }
    return Optional.empty();
  }
}
