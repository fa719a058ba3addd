package dev.meshplane.transformer.synth.resolve;

import java.time.Duration;
import java.util.Optional;

/** A per-request and an idle timeout, each only when declared (Envoy's defaults apply otherwise). */
public record Timeouts(Optional<Duration> perRequest, Optional<Duration> idle) {
  public static final Timeouts NONE = new Timeouts(Optional.empty(), Optional.empty());
}
