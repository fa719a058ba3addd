package dev.meshplane.transformer.reconcile;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The bucket of a mesh: a stable hash of its name modulo the bucket count, the same in every
 * process and JVM version (String.hashCode is stable too, but CRC32 spreads short names better).
 */
public final class Buckets {
  private Buckets() {}

  public static int of(String mesh, int bucketCount) {
    CRC32 crc = new CRC32();
    crc.update(mesh.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % bucketCount);
  }
}
