package dev.meshplane.configstore;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Leases for the embedded default: the one local worker owns every bucket, so there is nothing to
 * store and nobody to share with. {@code maxBuckets} is ignored on purpose: leaving buckets unowned
 * would leave their meshes unsynthesized forever.
 */
public final class LocalBucketLeases implements BucketLeases {

  @Override
  public Set<Integer> acquireOrRenew(String workerId, int bucketCount, int maxBuckets, Duration duration) {
    return IntStream.range(0, bucketCount).boxed().collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public void release(String workerId, Set<Integer> buckets) {
    // Nothing is stored, so there is nothing to give up.
  }

  @Override
  public void close() {
    // No resources held.
  }
}
