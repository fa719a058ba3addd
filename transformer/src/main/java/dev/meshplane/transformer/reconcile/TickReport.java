package dev.meshplane.transformer.reconcile;

import java.util.Set;

/**
 * What one tick did, for logs, metrics, tests and benchmarks.
 *
 * @param configsInvalid proxies whose new config failed the structural checks: their last good item stays
 * @param meshesFailed meshes whose synthesis threw: their items stay, and they are tried again next tick
 * @param stages where the tick's time went, summed over the meshes it reconciled
 */
public record TickReport(Set<Integer> ownedBuckets, int meshesReconciled, int itemsWritten, int itemsDeleted,
    int writesRefused, int configsInvalid, int meshesFailed, Stages stages) {

  /**
   * Wall and CPU time (of the reconciling thread) of each stage: reading the meshes from the
   * journaled store, synthesizing their proxies, and comparing with and writing to the config
   * store (the commit included).
   */
  public record Stages(long readNanos, long synthesisNanos, long writeNanos, long readCpuNanos,
      long synthesisCpuNanos, long writeCpuNanos) {}
}
