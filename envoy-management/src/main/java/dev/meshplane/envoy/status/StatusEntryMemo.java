package dev.meshplane.envoy.status;

import dev.meshplane.configstore.ProxyStatusEntry;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The status entries of the last publishing round, each kept with the inputs its document was made
 * from: an entry whose inputs are unchanged is not made again. Every round covers every stream and
 * every served proxy, and a served entry carries the whole payload in Base64, so making them all
 * again each round cost more CPU than anything else an instance did between changes.
 */
final class StatusEntryMemo {
  private record Made(Object inputs, ProxyStatusEntry entry) {}

  private final Map<String, Made> made = new HashMap<>();

  /**
   * The entry {@code id}: the one made before when {@code inputs} equal that one's, else {@code make}'s.
   * {@code inputs} must be everything the entry is made from (value equality).
   */
  ProxyStatusEntry entry(String id, Object inputs, Supplier<ProxyStatusEntry> make) {
    Made before = made.get(id);
    if (before != null && before.inputs().equals(inputs)) {
      return before.entry();
    }
    ProxyStatusEntry entry = make.get();
    made.put(id, new Made(inputs, entry));
    return entry;
  }

  /** Forgets the entries not published any more (closed streams, proxies no longer served). */
  void retainOnly(Set<String> ids) {
    made.keySet().retainAll(ids);
  }
}
