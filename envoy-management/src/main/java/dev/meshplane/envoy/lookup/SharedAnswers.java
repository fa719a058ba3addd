package dev.meshplane.envoy.lookup;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Answers per key shared by every proxy's snapshot builds (DNS names, Cloud Map services), in
 * Caffeine's async loading cache: one lookup per key in flight however many builds ask; an answer
 * is served for the TTL; a failed lookup keeps the last good answer and is not retried before its
 * exponential backoff runs out; a key nobody asked for during the idle expiry is forgotten. Empty
 * means never answered, which differs from an answer with nothing in it. Lookups run on the
 * executor given; callers wait on the key's future, never on an actor. Times are the clock's, so
 * a test moves them without sleeping.
 *
 * @param <K> what is looked up
 * @param <V> the answer
 */
public final class SharedAnswers<K, V> {

  /** One lookup, blocking: empty when it found nothing (the last good answer stays); a thrown exception is a failure. */
  @FunctionalInterface
  public interface Lookup<K, V> {
    Optional<V> lookUp(K key) throws Exception;
  }

  /** Told of each failed lookup, for the log: the key, failures in a row, what is kept, the wait. */
  @FunctionalInterface
  public interface FailureListener<K, V> {
    void failed(K key, int failures, Optional<V> kept, Duration wait, Throwable cause);
  }

  /**
   * What is known of a key after its last lookup.
   *
   * @param validUntil until when the answer is served without a new lookup (the TTL, or the backoff)
   * @param loadedAt when the lookup ended
   */
  private record Known<V>(Optional<V> lastGood, int failures, Instant validUntil, Instant loadedAt) {}

  private final Lookup<K, V> lookup;
  private final Duration ttl;
  private final Backoff backoff;
  private final Duration idleExpiry;
  private final Clock clock;
  private final FailureListener<K, V> onFailure;
  private final AsyncLoadingCache<K, Known<V>> answers;
  /** The last answer of each key, kept past its TTL so that a failed lookup still has it. */
  private final Cache<K, Known<V>> lastKnown;

  public SharedAnswers(Lookup<K, V> lookup, Duration ttl, Backoff backoff, Duration idleExpiry, Executor executor,
      Clock clock, FailureListener<K, V> onFailure) {
    this.lookup = lookup;
    this.ttl = ttl;
    this.backoff = backoff;
    this.idleExpiry = idleExpiry;
    this.clock = clock;
    this.onFailure = onFailure;
    Ticker ticker = () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
    this.lastKnown = Caffeine.newBuilder().ticker(ticker).expireAfterAccess(idleExpiry).build();
    this.answers = Caffeine.newBuilder()
        .ticker(ticker)
        .expireAfter(new Expiry<K, Known<V>>() {
          @Override
          public long expireAfterCreate(K key, Known<V> known, long currentTime) {
            return remaining(known);
          }

          @Override
          public long expireAfterUpdate(K key, Known<V> known, long currentTime, long currentDuration) {
            return remaining(known);
          }

          @Override
          public long expireAfterRead(K key, Known<V> known, long currentTime, long currentDuration) {
            return remaining(known);
          }
        })
        // Lookups on their own executor; Caffeine's upkeep stays on its default one.
        .buildAsync((key, upkeep) -> CompletableFuture.supplyAsync(() -> load(key), executor));
  }

  /** The key's answer: at once when one is valid, else after the one lookup in flight. */
  public CompletableFuture<Optional<V>> get(K key) {
    return current(key).thenApply(Known::lastGood);
  }

  /**
   * Like {@link #get}, but while a lookup is already in flight for a key that has an answer, that
   * answer at once: a caller with something to serve does not wait for someone else's refresh.
   */
  public CompletableFuture<Optional<V>> getUnlessRefreshing(K key) {
    Known<V> known = lastKnown.getIfPresent(key);
    CompletableFuture<Known<V>> inFlight = answers.getIfPresent(key);
    if (known != null && known.lastGood().isPresent() && inFlight != null && !inFlight.isDone()) {
      return CompletableFuture.completedFuture(known.lastGood());
    }
    return get(key);
  }

  /**
   * The key's entry; looked up again when its answer is no longer valid, or when nobody asked for
   * the key during the idle expiry (its last answer is forgotten then). Decided here on the clock:
   * Caffeine sets a loaded entry's expiry only just after its future completes, on another thread.
   */
  private CompletableFuture<Known<V>> current(K key) {
    boolean remembered = lastKnown.getIfPresent(key) != null; // asked for: not idle
    CompletableFuture<Known<V>> future = answers.get(key);
    Known<V> known = future.getNow(null);
    Instant now = clock.instant();
    boolean idle = !remembered && known != null && known.loadedAt().isBefore(now.minus(idleExpiry));
    if (known != null && (idle || !now.isBefore(known.validUntil()))) {
      answers.asMap().remove(key, future);
      future = answers.get(key);
    }
    return future;
  }

  /** Runs on the executor: one lookup, its outcome recorded for the key. */
  private Known<V> load(K key) {
    Known<V> before = lastKnown.getIfPresent(key);
    Optional<V> lastGood = before == null ? Optional.empty() : before.lastGood();
    Known<V> after;
    try {
      Optional<V> answer = lookup.lookUp(key);
      after = new Known<>(answer.or(() -> lastGood), 0, clock.instant().plus(ttl), clock.instant());
    } catch (Exception e) {
      int failures = before == null ? 1 : before.failures() + 1;
      Duration wait = backoff.after(failures);
      after = new Known<>(lastGood, failures, clock.instant().plus(wait), clock.instant());
      onFailure.failed(key, failures, lastGood, wait, e);
    }
    lastKnown.put(key, after);
    return after;
  }

  /** Until the answer's validity ends; idleness is judged in {@link #current}. */
  private long remaining(Known<V> known) {
    return Math.max(0, Duration.between(clock.instant(), known.validUntil()).toNanos());
  }
}
