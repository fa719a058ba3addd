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
   * Renews the buckets this worker holds, then acquires free or expired ones, up to
   * {@code maxBuckets} in all, each for {@code duration}; returns the buckets held after the call.
   * Throws {@link ConfigStoreUnavailableException} when the lease table cannot be reached (the
   * caller decides how long to keep working on what it held).
   */
  Set<Integer> acquireOrRenew(String workerId, int bucketCount, int maxBuckets, Duration duration);

  /**
   * Gives the buckets up at once (on clean shutdown), so others need not wait for expiry. A bucket
   * another worker holds by now is left alone.
   */
  void release(String workerId, Set<Integer> buckets);

  @Override
  void close();
}
