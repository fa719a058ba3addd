package dev.meshplane.envoy.lookup;

import java.time.Duration;

/** Exponential backoff: {@code first} after one failure, doubled per further failure, at most {@code max}. */
public record Backoff(Duration first, Duration max) {
  public Duration after(int failures) {
    Duration backoff = first.multipliedBy(1L << Math.min(Math.max(failures - 1, 0), 20));
    return backoff.compareTo(max) > 0 ? max : backoff;
  }
}
