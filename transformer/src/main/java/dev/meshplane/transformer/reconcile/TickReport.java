package dev.meshplane.transformer.reconcile;

import java.util.Set;

/** What one tick did, for logs, metrics and tests. */
public record TickReport(Set<Integer> ownedBuckets, int meshesReconciled, int itemsWritten, int itemsDeleted, int writesRefused) {}
