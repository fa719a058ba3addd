package dev.meshplane.envoy.lookup;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Answers per key that are looked up again on their own schedule, not when read: each answer says
 * when it is due again (a certificate, before it expires), and {@link #renewDue} refreshes every
 * key whose time has come, whether anyone reads it or not. Held in Caffeine's async loading cache,
 * whose {@code refresh} keeps one lookup per key in flight however often it is asked for, and
 * keeps serving the previous answer meanwhile. A failed lookup keeps the last good answer and is
 * tried again after its exponential backoff; so is an answer that is already due when it arrives
 * (the source has not renewed it yet). Keys stay until {@link #forget forgotten}. Times are the
 * clock's and renewal happens only when {@link #renewDue} is called, so a test moves time and
 * calls it instead of sleeping.
 *
 * @param <K> what is looked up
 * @param <V> the answer
 */
public final class RenewingAnswers<K, V> {

  /** One lookup, blocking; a thrown exception is a failure. */
  @FunctionalInterface
  public interface Lookup<K, V> {
    V lookUp(K key) throws Exception;
  }

  /** When {@code answer}, got at {@code now}, is to be looked up again; not after {@code now}: already due. */
  @FunctionalInterface
  public interface Renewal<K, V> {
    Instant due(K key, V answer, Instant now);
  }

  /** Told of each lookup's outcome, on the lookup's thread. */
  @FunctionalInterface
  public interface Listener<K, V> {
    void lookedUp(K key, Known<V> known);
  }

  /**
   * What is known of a key after its last lookup.
   *
   * @param lastGood the last answer got, if any lookup ever succeeded
   * @param lookups lookups finished so far
   * @param failures failed lookups in a row
   * @param overdue successful lookups in a row whose answer was already due
   * @param lastError the last lookup's failure, if it failed
   * @param nextLookup when {@link #renewDue} looks the key up again
   */
  public record Known<V>(
      Optional<V> lastGood, long lookups, int failures, int overdue, Optional<Throwable> lastError,
      Instant nextLookup) {}

  private final Lookup<K, V> lookup;
  private final Renewal<K, V> renewal;
  private final Backoff backoff;
  private final Clock clock;
  private final Listener<K, V> listener;
  private final AsyncLoadingCache<K, Known<V>> answers;

  public RenewingAnswers(
      Lookup<K, V> lookup, Renewal<K, V> renewal, Backoff backoff, Executor executor, Clock clock,
      Listener<K, V> listener) {
    this.lookup = lookup;
    this.renewal = renewal;
    this.backoff = backoff;
    this.clock = clock;
    this.listener = listener;
    this.answers = Caffeine.newBuilder().buildAsync(new AsyncCacheLoader<K, Known<V>>() {
      @Override
      public CompletableFuture<Known<V>> asyncLoad(K key, Executor upkeep) {
        return CompletableFuture.supplyAsync(() -> lookUp(key, Optional.empty()), executor);
      }

      @Override
      public CompletableFuture<Known<V>> asyncReload(K key, Known<V> before, Executor upkeep) {
        return CompletableFuture.supplyAsync(() -> lookUp(key, Optional.of(before)), executor);
      }
    });
  }

  /** The key's latest outcome; the first call for a key starts its first lookup. */
  public CompletableFuture<Known<V>> want(K key) {
    return answers.get(key);
  }

  /** Stops renewing the key; a lookup in flight for it finishes, but is not kept. */
  public void forget(K key) {
    answers.synchronous().invalidate(key);
  }

  /** Starts a lookup of every key whose answer is due by the clock, unless one is in flight already. */
  public void renewDue() {
    Instant now = clock.instant();
    answers.asMap().forEach((key, future) -> {
      Known<V> known = future.getNow(null);
      if (known != null && !now.isBefore(known.nextLookup())) {
        answers.synchronous().refresh(key);
      }
    });
  }

  /** The outcome of each key's latest finished lookup (keys still on their first are left out). */
  public Map<K, Known<V>> known() {
    Map<K, Known<V>> known = new HashMap<>();
    answers.synchronous().asMap().forEach(known::put);
    return known;
  }

  /** Runs on the executor: one lookup, its outcome decided from the one before. */
  private Known<V> lookUp(K key, Optional<Known<V>> before) {
    long lookups = before.map(Known::lookups).orElse(0L) + 1;
    Known<V> after;
    try {
      V answer = lookup.lookUp(key);
      Instant now = clock.instant();
      Instant due = renewal.due(key, answer, now);
      if (due.isAfter(now)) {
        after = new Known<>(Optional.of(answer), lookups, 0, 0, Optional.empty(), due);
      } else {
        int overdue = before.map(Known::overdue).orElse(0) + 1;
        after = new Known<>(Optional.of(answer), lookups, 0, overdue, Optional.empty(), now.plus(backoff.after(overdue)));
      }
    } catch (Exception e) {
      int failures = before.map(Known::failures).orElse(0) + 1;
      after = new Known<>(before.flatMap(Known::lastGood), lookups, failures, before.map(Known::overdue).orElse(0),
          Optional.of(e), clock.instant().plus(backoff.after(failures)));
    }
    listener.lookedUp(key, after);
    return after;
  }
}
