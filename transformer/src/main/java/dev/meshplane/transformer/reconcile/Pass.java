package dev.meshplane.transformer.reconcile;

/** Which meshes a tick looks at. */
public enum Pass {
  /** Only meshes whose generation moved since this worker last reconciled them. */
  CHANGED,
  /** Every mesh of the owned buckets, comparing with the stored items: repairs lost or corrupt items. */
  FULL
}
