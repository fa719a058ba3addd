package dev.meshplane.transformer.reconcile;

import java.util.Set;

/**
 * What one tick did, for logs, metrics and tests.
 *
 * @param configsInvalid proxies whose new config failed the structural checks: their last good item stays
 * @param meshesFailed meshes whose synthesis threw: their items stay, and they are tried again next tick
 */
public record TickReport(Set<Integer> ownedBuckets, int meshesReconciled, int itemsWritten, int itemsDeleted,
    int writesRefused, int configsInvalid, int meshesFailed) {}
