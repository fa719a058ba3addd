package dev.meshplane.envoy.node;

import dev.meshplane.model.ResourceId;
import java.util.Objects;

/**
 * One thing xDS is served for: a proxy (virtual node or gateway) in one variant. It is the cache's
 * node group, so every connection of the same proxy and variant shares one snapshot.
 */
public record ProxyTarget(ResourceId proxy, ProxyVariant variant) {

  public ProxyTarget {
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(variant, "variant");
  }

  /** The config store key of the proxy. */
  public String key() {
    return proxy.key();
  }

  public String mesh() {
    return proxy.mesh();
  }

  @Override
  public String toString() {
    return proxy.key() + " (" + variant + ")";
  }
}
