package dev.meshplane.envoy.actors;

import java.util.Optional;

/**
 * What one stream last reported for one resource type: the version it applied and, when its
 * latest answer was a NACK, the client's error detail.
 */
public record StreamStatus(String ackedVersion, Optional<String> nackError) {

  static StreamStatus acked(String version) {
    return new StreamStatus(version, Optional.empty());
  }

  static StreamStatus nacked(String keptVersion, String error) {
    return new StreamStatus(keptVersion, Optional.of(error));
  }
}
