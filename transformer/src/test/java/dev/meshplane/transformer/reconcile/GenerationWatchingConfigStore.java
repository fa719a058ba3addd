package dev.meshplane.transformer.reconcile;

import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ForwardingConfigStore;
import dev.meshplane.configstore.ProxyConfigItem;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wraps a real config store and records, for every accepted put, the generation the item had just
 * before and after. Puts to one key are serialized here so that "before" is exact; the condition
 * itself is still evaluated by the wrapped store.
 */
final class GenerationWatchingConfigStore extends ForwardingConfigStore {
  record Move(String key, long before, long after) {}

  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  final List<Move> moves = new CopyOnWriteArrayList<>();

  GenerationWatchingConfigStore(ConfigStore delegate) {
    super(delegate);
  }

  @Override
  public boolean put(ProxyConfigItem item) {
    synchronized (locks.computeIfAbsent(item.key(), k -> new Object())) {
      long before = delegate.get(item.key()).map(ProxyConfigItem::generation).orElse(0L);
      boolean accepted = delegate.put(item);
      if (accepted) {
        moves.add(new Move(item.key(), before, item.generation()));
      }
      return accepted;
    }
  }

  /** The batch goes to the wrapped store whole; its keys are held, in key order, while it is written. */
  @Override
  public Set<String> putAll(List<ProxyConfigItem> items) {
    List<ProxyConfigItem> sorted = items.stream().sorted(Comparator.comparing(ProxyConfigItem::key)).toList();
    return putAllHolding(sorted, 0, new HashMap<>());
  }

  private Set<String> putAllHolding(List<ProxyConfigItem> items, int next, Map<String, Long> before) {
    if (next == items.size()) {
      Set<String> written = delegate.putAll(items);
      items.stream().filter(i -> written.contains(i.key()))
          .forEach(i -> moves.add(new Move(i.key(), before.get(i.key()), i.generation())));
      return written;
    }
    ProxyConfigItem item = items.get(next);
    synchronized (locks.computeIfAbsent(item.key(), k -> new Object())) {
      before.put(item.key(), delegate.get(item.key()).map(ProxyConfigItem::generation).orElse(0L));
      return putAllHolding(items, next + 1, before);
    }
  }

  @Override
  public boolean delete(String key, long generation) {
    synchronized (locks.computeIfAbsent(key, k -> new Object())) {
      return delegate.delete(key, generation);
    }
  }
}
