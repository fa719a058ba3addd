package dev.meshplane.k8s;

import java.time.Duration;

/**
 * @param resync how often every object is reconciled even without a change (corrects drift)
 * @param initialBackoff the first retry delay of an object that failed; doubles per failure
 * @param maxBackoff the longest retry delay
 */
public record ControllerSettings(Duration resync, Duration initialBackoff, Duration maxBackoff) {

  public static ControllerSettings defaults() {
    return new ControllerSettings(Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofMinutes(5));
  }
}
