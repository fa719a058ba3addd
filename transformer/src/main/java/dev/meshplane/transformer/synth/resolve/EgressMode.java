package dev.meshplane.transformer.synth.resolve;

/** The mesh's egress filter. */
public enum EgressMode {
  /** Only backends (and, as App Mesh did, {@code *.amazonaws.com}). App Mesh's default. */
  DROP_ALL,
  /** Anything else passes through to its original destination. */
  ALLOW_ALL
}
