package dev.meshplane.configstore.dynamodb;

/**
 * The order in which a worker tries buckets: all of them, starting at a point derived from its id,
 * so that workers starting together do not all contend for bucket 0 first.
 */
final class BucketOrder {

  private BucketOrder() {}

  static int[] startingFrom(String workerId, int bucketCount) {
    int start = Math.floorMod(mix(workerId.hashCode()), bucketCount);
    int[] order = new int[bucketCount];
    for (int i = 0; i < bucketCount; i++) {
      order[i] = (start + i) % bucketCount;
    }
    return order;
  }

  /** Spreads similar ids ("worker-1", "worker-2") far apart (the murmur3 finalizer). */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
