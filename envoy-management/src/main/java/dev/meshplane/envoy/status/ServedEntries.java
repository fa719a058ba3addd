package dev.meshplane.envoy.status;

import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.configstore.ProxyStatusEntry;
import dev.meshplane.envoy.node.ProxyTarget;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The status entries of what this instance serves each proxy, each made once per served item. An
 * entry carries the whole payload in Base64, so making it again every publishing round for every
 * proxy cost more CPU than anything else the instance did between changes; an item is known by its
 * generation, content hash and commit time, so an unchanged one reuses its entry.
 */
final class ServedEntries {
  private record Identity(long generation, String contentHash, Instant journalCommitTime) {
    static Identity of(ProxyConfigItem item) {
      return new Identity(item.generation(), item.contentHash(), item.journalCommitTime());
    }
  }

  private record Made(Identity identity, ProxyStatusEntry entry) {}

  private final String instance;
  private final Map<String, Made> made = new HashMap<>();

  ServedEntries(String instance) {
    this.instance = instance;
  }

  /** The entry {@code id} for {@code item} served to {@code target}: the one made before, unless the item changed. */
  ProxyStatusEntry entry(String id, ProxyTarget target, ProxyConfigItem item) {
    Identity identity = Identity.of(item);
    Made before = made.get(id);
    if (before != null && before.identity().equals(identity)) {
      return before.entry();
    }
    ProxyStatusEntry entry = new ProxyStatusEntry(instance, id, target.mesh(), target.key(), ProxyStatusEntry.SERVED,
        StatusDocuments.served(instance, target, item).toString());
    made.put(id, new Made(identity, entry));
    return entry;
  }

  /** Forgets the entries of proxies no longer served. */
  void retainOnly(Set<String> ids) {
    made.keySet().retainAll(ids);
  }
}
