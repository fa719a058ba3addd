package dev.meshplane.envoy.lookup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a shared resolver actor (DNS, Cloud Map) knows about one key: the last good answer and when
 * it came, whether a lookup is in flight and who waits for it, and the failure backoff. Empty
 * {@link #lastGood()} means never answered, which is different from an answer with nothing in it.
 * Confined to its actor: not thread-safe.
 *
 * @param <V> the answer
 * @param <W> who waits for it (the actors' reply addresses)
 */
public final class CachedAnswer<V, W> {

  /** Exponential backoff: {@code first} after one failure, doubled per further failure, at most {@code max}. */
  public record Backoff(Duration first, Duration max) {
    public Duration after(int failures) {
      Duration backoff = first.multipliedBy(1L << Math.min(Math.max(failures - 1, 0), 20));
      return backoff.compareTo(max) > 0 ? max : backoff;
    }
  }

  private Optional<V> lastGood = Optional.empty();
  private Instant answeredAt = Instant.MIN;
  private Instant retryAfter = Instant.MIN;
  private Instant lastAsked = Instant.MIN;
  private int failures;
  private boolean inFlight;
  private final List<W> waiting = new ArrayList<>();

  public Optional<V> lastGood() {
    return lastGood;
  }

  public int failures() {
    return failures;
  }

  public boolean inFlight() {
    return inFlight;
  }

  public void asked(Instant now) {
    lastAsked = now;
  }

  /** An answer younger than {@code ttl} is at hand. */
  public boolean fresh(Instant now, Duration ttl) {
    return lastGood.isPresent() && now.isBefore(answeredAt.plus(ttl));
  }

  /** The last lookup failed and its backoff has not run out. */
  public boolean backingOff(Instant now) {
    return now.isBefore(retryAfter);
  }

  public void await(W waiter) {
    waiting.add(waiter);
  }

  /** Marks a lookup in flight; false if one already was (the caller must not start another). */
  public boolean startLookup() {
    if (inFlight) {
      return false;
    }
    inFlight = true;
    return true;
  }

  /** A lookup answered {@code answer} (empty: keep the last good one); the waiting are handed over. */
  public void succeeded(Instant now, Optional<V> answer, Consumer<W> reply) {
    inFlight = false;
    failures = 0;
    retryAfter = Instant.MIN;
    answeredAt = now;
    lastGood = answer.or(() -> lastGood);
    replyAll(reply);
  }

  /** A lookup failed: the last good answer stays; returns the wait before the next lookup. */
  public Duration failed(Instant now, Backoff backoff, Consumer<W> reply) {
    inFlight = false;
    failures++;
    Duration wait = backoff.after(failures);
    retryAfter = now.plus(wait);
    replyAll(reply);
    return wait;
  }

  /** Nobody asked since {@code cutoff} and no lookup is pending: safe to forget. */
  public boolean idleSince(Instant cutoff) {
    return !inFlight && lastAsked.isBefore(cutoff);
  }

  private void replyAll(Consumer<W> reply) {
    waiting.forEach(reply);
    waiting.clear();
  }
}
