package dev.meshplane.envoy.node;

import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ConfigStoreUnavailableException;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.model.internal.StoredProxyConfig;
import dev.meshplane.proxyconfig.StoredProxyConfigCodec;
import io.grpc.Status;
import java.util.Optional;

/**
 * Decides whether a connecting proxy may have a stream: it must have a config in the store, in
 * the variant it asks for. A proxy that does not exist gets an error, never an empty config.
 */
public final class ProxyAdmission {
  private final ConfigStore store;
  private final MeshAssignment meshes;

  public ProxyAdmission(ConfigStore store) {
    this(store, MeshAssignment.all());
  }

  public ProxyAdmission(ConfigStore store, MeshAssignment meshes) {
    this.store = store;
    this.meshes = meshes;
  }

  /** Empty when admitted; otherwise the status to close the stream with. */
  public Optional<Status> refusal(ProxyTarget target) {
    if (!meshes.serves(target.mesh())) {
      return Optional.of(Status.FAILED_PRECONDITION.withDescription(
          "this management server serves " + meshes + ", not mesh " + target.mesh()
              + "; point the proxy's xDS endpoint at the servers of its mesh's cell"));
    }
    Optional<ProxyConfigItem> item;
    try {
      item = store.get(target.key());
    } catch (ConfigStoreUnavailableException e) {
      // Static stability: an unreachable store must not disconnect proxies; the manifest manager
      // serves what it can read once the store answers.
      return Optional.empty();
    }
    if (item.isEmpty()) {
      return Optional.of(Status.NOT_FOUND.withDescription(
          "no proxy config for " + target.key() + " (is the virtual node or gateway created in mesh "
              + target.mesh() + "?)"));
    }
    StoredProxyConfig stored = StoredProxyConfigCodec.decode(item.get().payload());
    if (target.variant() == ProxyVariant.PROXYLESS_GRPC && !stored.hasProxylessGrpc()) {
      return Optional.of(Status.FAILED_PRECONDITION.withDescription(
          target.key() + " has no proxyless gRPC config (virtual gateways serve Envoy only); set node metadata "
              + ProxyVariant.KIND_METADATA + "=sidecar to receive the Envoy config"));
    }
    return Optional.empty();
  }
}
