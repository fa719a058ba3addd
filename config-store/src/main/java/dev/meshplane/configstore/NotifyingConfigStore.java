package dev.meshplane.configstore;

import java.util.List;
import java.util.Set;

/**
 * A config store that publishes a {@link ConfigChanges} hint after each item it wrote: the
 * transformer writes through it, so the xDS side learns of a commit as soon as it is made. Reads
 * and refused writes publish nothing; deletes neither (a proxy whose item is gone keeps its last
 * config, so there is nothing to push).
 */
public final class NotifyingConfigStore extends ForwardingConfigStore {
  private final ConfigChanges changes;

  public NotifyingConfigStore(ConfigStore store, ConfigChanges changes) {
    super(store);
    this.changes = changes;
  }

  @Override
  public boolean put(ProxyConfigItem item) {
    boolean written = delegate.put(item);
    if (written) {
      changes.published(item.mesh());
    }
    return written;
  }

  /** The batch goes to the store as one (one transaction); each mesh written is announced once after it. */
  @Override
  public Set<String> putAll(List<ProxyConfigItem> items) {
    Set<String> written = delegate.putAll(items);
    items.stream().filter(item -> written.contains(item.key())).map(ProxyConfigItem::mesh).distinct()
        .forEach(changes::published);
    return written;
  }

  /** Closes nothing: the wrapped store belongs to whoever made it. */
  @Override
  public void close() {}
}
