package dev.meshplane.configstore;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The config store: one item per proxy, written by transformers, read by management servers.
 * Implementations: DynamoDB (at scale) and SQLite (embedded).
 *
 * <p>Every method throws {@link ConfigStoreUnavailableException} when the store cannot answer;
 * none ever reports "absent" or "empty" because a read failed (static stability: proxies keep
 * their last good config).
 */
public interface ConfigStore extends AutoCloseable {

  /**
   * Writes the item unless the stored one has a newer generation (an older result never
   * overwrites a newer one). Equal generation overwrites (a self-healing rewrite of the same
   * state). Returns false when the write was refused because of the generation.
   */
  boolean put(ProxyConfigItem item);

  /**
   * Writes every item as {@link #put} does, each under its own generation condition (one refused
   * item does not stop the others), in as few commits or requests as the store allows: what one
   * reconcile pass writes. Keys must be distinct. Returns the keys written; the others were
   * refused because of the generation.
   */
  default Set<String> putAll(List<ProxyConfigItem> items) {
    Set<String> written = new HashSet<>();
    for (ProxyConfigItem item : items) {
      if (put(item)) {
        written.add(item.key());
      }
    }
    return written;
  }

  /** The stored item, or empty when the store answered that there is none. */
  Optional<ProxyConfigItem> get(String key);

  /** Every item of one mesh, in key order. */
  List<ProxyConfigItem> listMesh(String mesh);

  /**
   * The version of every item of one mesh, in key order, without payloads: what a poller lists to
   * find changed items, which it then reads one by one with {@link #get}.
   */
  List<ProxyConfigVersion> listMeshVersions(String mesh);

  /**
   * Deletes the item unless the stored one has a newer generation than {@code generation} (a
   * proxy re-created since must not lose its config). Returns false when refused or absent.
   */
  boolean delete(String key, long generation);

  @Override
  void close();
}
