package dev.meshplane.envoy.actors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NackLogTest {
  private static final Instant T0 = Instant.parse("2026-12-02T00:00:00Z");

  @Test
  void oneShortLineAMinuteCountingWhatWasLeftOut() {
    NackLog log = new NackLog();
    String huge = "bad\ncluster ".repeat(100_000);
    Optional<String> first = log.line("mesh/m/virtualNode/n", 7, "Cluster", huge, T0);
    assertThat(first).hasValueSatisfying(line -> {
      assertThat(line).startsWith("mesh/m/virtualNode/n stream 7 rejected Cluster: bad cluster bad");
      assertThat(line).doesNotContain("\n").contains("more characters");
      assertThat(line.length()).isLessThan(NackLog.LOGGED_DETAIL_CHARS + 200);
    });
    for (int i = 1; i <= 199; i++) {
      assertThat(log.line("mesh/m/virtualNode/n", 7, "Cluster", huge, T0.plusMillis(i * 100L))).isEmpty();
    }
    Optional<String> next = log.line("mesh/m/virtualNode/n", 8, "Listener", "short", T0.plus(NackLog.WINDOW));
    assertThat(next).hasValue("mesh/m/virtualNode/n stream 8 rejected Listener: short"
        + " (199 more NACKs of this proxy since the last line were not logged)");
    assertThat(log.line("mesh/m/virtualNode/n", 8, "Listener", "short", T0.plus(NackLog.WINDOW).plus(Duration.ofSeconds(1))))
        .isEmpty();
  }

  @Test
  void theStatusKeepsTheLatestDetailUpToItsBound() {
    assertThat(StreamStatus.nacked("v1", "short").nackError()).hasValue("short");
    String kept = StreamStatus.nacked("v1", "y".repeat(1 << 20)).nackError().orElseThrow();
    assertThat(kept).startsWith("y".repeat(StreamStatus.KEPT_DETAIL_CHARS))
        .endsWith("(" + ((1 << 20) - StreamStatus.KEPT_DETAIL_CHARS) + " more characters)");
  }
}
