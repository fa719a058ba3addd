package dev.meshplane.store;

/**
 * The most resources of a created resource's kind that may exist beside it: meshes in the store,
 * or resources of one kind in its mesh (routes under their router, gateway routes under their
 * gateway). Counted inside the create's transaction, so concurrent creates cannot overshoot it.
 * {@code quota} names the limit in the refusal ("virtual nodes per mesh,
 * meshplane.limits.virtual-nodes-per-mesh"), so the caller knows what to raise.
 */
public record CountLimit(int max, String quota) {
  public CountLimit {
    if (max < 0) {
      throw new IllegalArgumentException("a count limit cannot be negative: " + max + " (" + quota + ")");
    }
  }
}
