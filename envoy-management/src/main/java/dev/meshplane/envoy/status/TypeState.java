package dev.meshplane.envoy.status;

import java.time.Instant;
import java.util.Optional;

/**
 * What one stream was sent of one type and what it answered last.
 *
 * @param sentVersion version of the last response sent, empty when none was
 * @param sentAt when it was sent
 * @param ackedVersion the version the client last ACKed, empty when none
 * @param nackError the client's error when its answer to the last response sent was a NACK
 */
public record TypeState(Optional<String> sentVersion, Optional<Instant> sentAt, Optional<String> ackedVersion,
    Optional<String> nackError) {

  static final TypeState NONE = new TypeState(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  TypeState sent(String version, Instant at) {
    return new TypeState(Optional.of(version), Optional.of(at), ackedVersion, Optional.empty());
  }

  TypeState acked(String version) {
    return new TypeState(sentVersion, sentAt, Optional.of(version), Optional.empty());
  }

  TypeState nacked(String error) {
    return new TypeState(sentVersion, sentAt, ackedVersion, Optional.of(error));
  }

  public TypeSync sync() {
    if (nackError.isPresent()) {
      return TypeSync.NACKED;
    }
    if (sentVersion.isEmpty()) {
      return ackedVersion.isPresent() ? TypeSync.SYNCED : TypeSync.NOT_SENT;
    }
    return sentVersion.equals(ackedVersion) ? TypeSync.SYNCED : TypeSync.STALE;
  }
}
