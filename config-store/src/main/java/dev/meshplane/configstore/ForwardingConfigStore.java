package dev.meshplane.configstore;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A config store that passes every call to another; a wrapper overrides only what it adds to.
 * {@code putAll} is forwarded whole, so the wrapped store's batching is kept.
 */
public abstract class ForwardingConfigStore implements ConfigStore {
  protected final ConfigStore delegate;

  protected ForwardingConfigStore(ConfigStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public boolean put(ProxyConfigItem item) {
    return delegate.put(item);
  }

  @Override
  public Set<String> putAll(List<ProxyConfigItem> items) {
    return delegate.putAll(items);
  }

  @Override
  public Optional<ProxyConfigItem> get(String key) {
    return delegate.get(key);
  }

  @Override
  public List<ProxyConfigItem> listMesh(String mesh) {
    return delegate.listMesh(mesh);
  }

  @Override
  public List<ProxyConfigVersion> listMeshVersions(String mesh) {
    return delegate.listMeshVersions(mesh);
  }

  @Override
  public boolean delete(String key, long generation) {
    return delegate.delete(key, generation);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
