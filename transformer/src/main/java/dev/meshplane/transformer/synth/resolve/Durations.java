package dev.meshplane.transformer.synth.resolve;

import java.time.Duration;

/** App Mesh durations ({@code {"unit":"ms","value":250}}) as {@link Duration}. */
final class Durations {
  private Durations() {}

  static Duration of(dev.meshplane.model.appmesh.Duration d) {
    long value = d.getValue();
    return "ms".equals(d.getUnit()) ? Duration.ofMillis(value) : Duration.ofSeconds(value);
  }
}
