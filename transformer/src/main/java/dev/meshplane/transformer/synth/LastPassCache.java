package dev.meshplane.transformer.synth;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A cache that keeps what the last full pass used, and no more: entries live in the current
 * generation; {@link #startFullPass} makes it the previous one, from which a lookup moves an entry
 * back, so whatever a full pass does not look up is dropped at the next one. Passes between two
 * full passes (changes) only add. Bounded by two full passes' worth of entries. Not thread-safe.
 */
public final class LastPassCache<K, V> {
  private final Supplier<Map<K, V>> newMap;
  private Map<K, V> current;
  private Map<K, V> previous;

  /** With maps from {@code newMap}: a HashMap for value keys, an IdentityHashMap for identity keys. */
  public LastPassCache(Supplier<Map<K, V>> newMap) {
    this.newMap = newMap;
    this.current = newMap.get();
    this.previous = newMap.get();
  }

  public void startFullPass() {
    previous = current;
    current = newMap.get();
  }

  /** The entry of {@code key}, or null. */
  public V get(K key) {
    V value = current.get(key);
    if (value == null) {
      value = previous.remove(key);
      if (value != null) {
        current.put(key, value);
      }
    }
    return value;
  }

  public void put(K key, V value) {
    current.put(key, value);
  }

  /** The entry of {@code key}, made by {@code compute} (which must not use this cache) if there is none. */
  public V computeIfAbsent(K key, Function<K, V> compute) {
    V value = get(key);
    if (value == null) {
      value = compute.apply(key);
      current.put(key, value);
    }
    return value;
  }

  public int size() {
    return current.size() + previous.size();
  }
}
