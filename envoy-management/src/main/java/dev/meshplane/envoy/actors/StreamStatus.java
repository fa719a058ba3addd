package dev.meshplane.envoy.actors;

import java.util.Optional;

/**
 * What one stream last reported for one resource type: the version it applied and, when its
 * latest answer was a NACK, the client's error detail.
 */
public record StreamStatus(String ackedVersion, Optional<String> nackError) {
  /** The most of a NACK's detail kept: Envoy's run to a few KiB; anything longer is a client flooding us. */
  static final int KEPT_DETAIL_CHARS = 64 * 1024;

  static StreamStatus acked(String version) {
    return new StreamStatus(version, Optional.empty());
  }

  static StreamStatus nacked(String keptVersion, String error) {
    return new StreamStatus(keptVersion, Optional.of(NackLog.cut(error, KEPT_DETAIL_CHARS)));
  }
}
