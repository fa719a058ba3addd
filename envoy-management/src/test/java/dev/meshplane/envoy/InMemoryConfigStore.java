package dev.meshplane.envoy;

import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ConfigStoreUnavailableException;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.configstore.ProxyConfigVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A config store a test can make unreachable. */
public final class InMemoryConfigStore implements ConfigStore {
  private final Map<String, ProxyConfigItem> items = new ConcurrentSkipListMap<>();
  private final AtomicBoolean reachable = new AtomicBoolean(true);
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicInteger listings = new AtomicInteger();

  /** How many single-item reads were made. */
  public int reads() {
    return reads.get();
  }

  /** How many mesh listings (of items or of versions) were made. */
  public int listings() {
    return listings.get();
  }

  public void reachable(boolean value) {
    reachable.set(value);
  }

  @Override
  public boolean put(ProxyConfigItem item) {
    check();
    items.put(item.key(), item);
    return true;
  }

  @Override
  public Optional<ProxyConfigItem> get(String key) {
    check();
    Optional<ProxyConfigItem> item = Optional.ofNullable(items.get(key));
    // Counted once the item is taken, so a test that saw the count grow knows which item was read.
    reads.incrementAndGet();
    return item;
  }

  @Override
  public List<ProxyConfigItem> listMesh(String mesh) {
    check();
    listings.incrementAndGet();
    return items.values().stream().filter(i -> i.mesh().equals(mesh)).toList();
  }

  @Override
  public List<ProxyConfigVersion> listMeshVersions(String mesh) {
    check();
    listings.incrementAndGet();
    return items.values().stream().filter(i -> i.mesh().equals(mesh)).map(ProxyConfigVersion::of).toList();
  }

  @Override
  public boolean delete(String key, long generation) {
    check();
    return items.remove(key) != null;
  }

  @Override
  public void close() {}

  private void check() {
    if (!reachable.get()) {
      throw new ConfigStoreUnavailableException("unreachable (test)", null);
    }
  }
}
