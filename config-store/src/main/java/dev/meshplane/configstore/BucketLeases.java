package dev.meshplane.configstore;

import java.time.Duration;
import java.util.Set;

/**
 * Leases on transformer buckets (bucket = hash(mesh id) mod N). A worker holds a bucket while its
 * lease is unexpired; it renews before expiry; another worker takes over an expired lease.
 * Holding a bucket twice (split brain after a pause) is harmless by design: config writes are
 * conditioned on generation.
 */
public interface BucketLeases extends AutoCloseable {

  /**
   * Acquires free or expired buckets and renews the ones this worker holds, up to
   * {@code maxBuckets}, for {@code duration}; returns the buckets held after the call.
   */
  Set<Integer> acquireOrRenew(String workerId, int bucketCount, int maxBuckets, Duration duration);

  /** Gives the buckets up at once (on clean shutdown), so others need not wait for expiry. */
  void release(String workerId, Set<Integer> buckets);

  @Override
  void close();
}
