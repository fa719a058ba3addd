package dev.meshplane.transformer.reconcile;

import java.time.Duration;

/**
 * How one transformer worker shares the work: its id, the number of buckets (hash of mesh name
 * mod N, default 64), how many it may hold, and how long a lease lasts before others may take it.
 */
public record ReconcilerSettings(String workerId, int bucketCount, int maxBuckets, Duration leaseDuration) {
  public static final int DEFAULT_BUCKETS = 64;

  public ReconcilerSettings {
    if (bucketCount < 1 || maxBuckets < 1) {
      throw new IllegalArgumentException("bucketCount and maxBuckets must be positive");
    }
  }

  public static ReconcilerSettings embedded() {
    return new ReconcilerSettings("embedded", DEFAULT_BUCKETS, DEFAULT_BUCKETS, Duration.ofSeconds(30));
  }
}
