package dev.meshplane.configstore;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A config store that publishes a {@link ConfigChanges} hint after each item it wrote: the
 * transformer writes through it, so the xDS side learns of a commit as soon as it is made. Reads
 * and refused writes publish nothing; deletes neither (a proxy whose item is gone keeps its last
 * config, so there is nothing to push).
 */
public final class NotifyingConfigStore implements ConfigStore {
  private final ConfigStore store;
  private final ConfigChanges changes;

  public NotifyingConfigStore(ConfigStore store, ConfigChanges changes) {
    this.store = store;
    this.changes = changes;
  }

  @Override
  public boolean put(ProxyConfigItem item) {
    boolean written = store.put(item);
    if (written) {
      changes.published(item.mesh());
    }
    return written;
  }

  /** The batch goes to the store as one (one transaction); each mesh written is announced once after it. */
  @Override
  public Set<String> putAll(List<ProxyConfigItem> items) {
    Set<String> written = store.putAll(items);
    items.stream().filter(item -> written.contains(item.key())).map(ProxyConfigItem::mesh).distinct()
        .forEach(changes::published);
    return written;
  }

  @Override
  public Optional<ProxyConfigItem> get(String key) {
    return store.get(key);
  }

  @Override
  public List<ProxyConfigItem> listMesh(String mesh) {
    return store.listMesh(mesh);
  }

  @Override
  public List<ProxyConfigVersion> listMeshVersions(String mesh) {
    return store.listMeshVersions(mesh);
  }

  @Override
  public boolean delete(String key, long generation) {
    return store.delete(key, generation);
  }

  /** Closes nothing: the wrapped store belongs to whoever made it. */
  @Override
  public void close() {}
}
