package dev.meshplane.configstore;

import java.util.Objects;

/**
 * One entry an Envoy management instance publishes about what it serves: a connected stream's
 * status, or the config it serves a proxy. The document is JSON, opaque to the store.
 *
 * @param instance the publishing management instance
 * @param id unique within the instance (a stream, or a proxy and variant)
 * @param mesh the proxy's mesh (entries are listed per mesh)
 * @param proxyKey the proxy's config store key, {@code mesh/<mesh>/virtualNode/<name>}
 * @param kind what the document is: {@value #STREAM} or {@value #SERVED}
 */
public record ProxyStatusEntry(String instance, String id, String mesh, String proxyKey, String kind, String document) {
  public static final String STREAM = "stream";
  public static final String SERVED = "served";

  public ProxyStatusEntry {
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(mesh, "mesh");
    Objects.requireNonNull(proxyKey, "proxyKey");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(document, "document");
  }
}
