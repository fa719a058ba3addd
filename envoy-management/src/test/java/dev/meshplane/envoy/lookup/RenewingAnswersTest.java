package dev.meshplane.envoy.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

/**
 * Renewal ahead of expiry without reads, keep-on-failure with backoff, and one lookup in flight,
 * on a clock the test moves and an executor whose queued lookups the test runs: nothing waits.
 */
class RenewingAnswersTest {
  private static final String KEY = "certificate";
  private static final Duration RENEW_BEFORE = Duration.ofHours(1);
  private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8));

  /** A certificate-like answer: renewed an hour before it expires. */
  record Issued(int serial, Instant notAfter) {}

  private final MutableClock clock = MutableClock.of(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final Deque<Runnable> queued = new ArrayDeque<>();
  private final AtomicReference<Issued> issued = new AtomicReference<>(issue(1, Duration.ofHours(3)));
  private final AtomicBoolean reachable = new AtomicBoolean(true);
  private final AtomicInteger lookups = new AtomicInteger();
  private final List<RenewingAnswers.Known<Issued>> told = new ArrayList<>();
  private final RenewingAnswers<String, Issued> answers = new RenewingAnswers<>(
      key -> {
        lookups.incrementAndGet();
        if (!reachable.get()) {
          throw new IOException("source unreachable");
        }
        return issued.get();
      },
      (key, answer, now) -> answer.notAfter().minus(RENEW_BEFORE),
      BACKOFF, queued::add, clock, (key, known) -> told.add(known));

  @Test
  void anAnswerIsRenewedBeforeItExpiresWithoutAnyoneReadingIt() {
    answers.want(KEY);
    runQueued();
    Issued first = known().lastGood().orElseThrow();
    assertThat(known().nextLookup()).isEqualTo(first.notAfter().minus(RENEW_BEFORE));

    issued.set(issue(2, Duration.ofHours(6)));
    clock.add(Duration.ofHours(2).minusSeconds(1));
    answers.renewDue();
    assertThat(queued).as("not due yet").isEmpty();

    clock.add(Duration.ofSeconds(1));
    answers.renewDue();
    runQueued();
    assertThat(known().lastGood()).get().extracting(Issued::serial).isEqualTo(2);
    assertThat(clock.instant()).isBefore(first.notAfter());
    assertThat(told).extracting(k -> k.lastGood().orElseThrow().serial()).containsExactly(1, 2);
  }

  @Test
  void aFailedLookupKeepsTheLastGoodAnswerAndIsRetriedWithGrowingBackoff() {
    answers.want(KEY);
    runQueued();
    reachable.set(false);
    clock.add(Duration.ofHours(2));

    answers.renewDue();
    runQueued();
    assertThat(known().failures()).isEqualTo(1);
    assertThat(known().lastGood()).get().extracting(Issued::serial).isEqualTo(1);
    assertThat(known().lastError()).get().asString().contains("source unreachable");
    assertThat(known().nextLookup()).isEqualTo(clock.instant().plus(Duration.ofSeconds(1)));

    clock.add(Duration.ofSeconds(1));
    answers.renewDue();
    runQueued();
    assertThat(known().failures()).isEqualTo(2);
    assertThat(known().nextLookup()).isEqualTo(clock.instant().plus(Duration.ofSeconds(2)));

    // Within the backoff: no lookup, however often renewal is checked.
    clock.add(Duration.ofSeconds(1));
    answers.renewDue();
    assertThat(queued).isEmpty();

    reachable.set(true);
    issued.set(issue(2, Duration.ofHours(6)));
    clock.add(Duration.ofSeconds(1));
    answers.renewDue();
    runQueued();
    assertThat(known().failures()).isZero();
    assertThat(known().lastError()).isEmpty();
    assertThat(known().lastGood()).get().extracting(Issued::serial).isEqualTo(2);
  }

  @Test
  void anAnswerAlreadyDueIsKeptAndAskedForAgainWithBackoff() {
    issued.set(issue(1, Duration.ofMinutes(30))); // inside its renewal window: the source has not renewed it
    answers.want(KEY);
    runQueued();
    assertThat(known().overdue()).isEqualTo(1);
    assertThat(known().lastGood()).isPresent();
    assertThat(known().nextLookup()).isEqualTo(clock.instant().plus(Duration.ofSeconds(1)));

    clock.add(Duration.ofSeconds(1));
    answers.renewDue();
    runQueued();
    assertThat(known().overdue()).isEqualTo(2);
    assertThat(known().nextLookup()).isEqualTo(clock.instant().plus(Duration.ofSeconds(2)));
  }

  @Test
  void oneLookupIsInFlightPerKeyAndReadersGetTheLastAnswerMeanwhile() {
    answers.want(KEY);
    answers.want(KEY);
    answers.want(KEY);
    assertThat(queued).hasSize(1);
    runQueued();

    clock.add(Duration.ofHours(2));
    answers.renewDue();
    answers.renewDue();
    CompletableFuture<RenewingAnswers.Known<Issued>> read = answers.want(KEY);
    assertThat(queued).hasSize(1);
    assertThat(read).isCompleted();
    assertThat(read.join().lookups()).isEqualTo(1);

    runQueued();
    assertThat(lookups.get()).isEqualTo(2);
    assertThat(known().lookups()).isEqualTo(2);
  }

  @Test
  void aForgottenKeyIsNoLongerRenewedNorKept() {
    answers.want(KEY);
    runQueued();
    answers.forget(KEY);
    clock.add(Duration.ofHours(2));
    answers.renewDue();
    assertThat(queued).isEmpty();
    assertThat(answers.known()).isEmpty();

    // Forgotten while its lookup is in flight: the outcome is not kept.
    answers.want(KEY);
    answers.forget(KEY);
    runQueued();
    assertThat(answers.known()).isEmpty();
  }

  private RenewingAnswers.Known<Issued> known() {
    return answers.known().get(KEY);
  }

  private void runQueued() {
    while (!queued.isEmpty()) {
      queued.poll().run();
    }
  }

  private Issued issue(int serial, Duration validFor) {
    return new Issued(serial, clock.instant().plus(validFor));
  }
}
