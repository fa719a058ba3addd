package dev.meshplane.configstore;

import java.time.Instant;
import java.util.List;

/**
 * Where each Envoy management instance publishes the status of the proxies connected to it, for
 * the API to merge. An instance keeps a heartbeat with an expiry; its entries count only while
 * the heartbeat is unexpired, so the proxies of an instance that died disappear without anyone
 * deleting them. Entries are written when they change, not on every heartbeat.
 *
 * <p>Every method throws {@link ConfigStoreUnavailableException} when the store cannot answer.
 */
public interface ProxyStatusStore extends AutoCloseable {

  /** {@code instance} is alive until {@code expiresAt}. */
  void heartbeat(String instance, Instant expiresAt);

  /** Writes (or replaces) the entry. */
  void put(ProxyStatusEntry entry);

  /** Deletes the entry; absent is fine. */
  void delete(ProxyStatusEntry entry);

  /**
   * Writes (or replaces) the entries, each id once, in as few requests as the store allows: a
   * publisher writes a round's changes with one call. When it throws, any of them may or may not
   * have been written (SQLite: none; DynamoDB: those of the batches that went through).
   */
  void putAll(List<ProxyStatusEntry> entries);

  /** Deletes the entries, absent ones being fine, in as few requests as the store allows; when it throws, as {@link #putAll}. */
  void deleteAll(List<ProxyStatusEntry> entries);

  /** The entries of {@code mesh} whose instance's heartbeat expires after {@code now}. */
  List<ProxyStatusEntry> listMesh(String mesh, Instant now);

  /**
   * Removes the instance's heartbeat (clean shutdown), so its entries no longer count; its
   * publisher deletes the entries it wrote.
   */
  void removeInstance(String instance);

  @Override
  void close();
}
