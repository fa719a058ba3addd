package dev.meshplane.model.vocabulary;

import java.util.Arrays;

/** A mesh's egress filter: only mesh traffic leaves a proxy, or any. */
public enum EgressFilterType {
  ALLOW_ALL,
  DROP_ALL;

  /** What App Mesh stores, and means, when a mesh names no egress filter. */
  public static final EgressFilterType DEFAULT = DROP_ALL;

  /** The stored type; the default for an absent (or unknown) one. */
  public static EgressFilterType of(String type) {
    return Arrays.stream(values()).filter(t -> t.name().equals(type)).findFirst().orElse(DEFAULT);
  }
}
