package dev.meshplane.envoy.status;

/** Where one stream stands with one resource type, as {@code istioctl proxy-status} names it. */
public enum TypeSync {
  /** The client ACKed the version last sent. */
  SYNCED,
  /** A version was sent and not ACKed (yet). */
  STALE,
  /** The client rejected the version last sent; it keeps the one it last ACKed. */
  NACKED,
  /** Nothing of this type was sent on the stream. */
  NOT_SENT
}
