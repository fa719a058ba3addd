package dev.meshplane.envoy.snapshot;

import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.envoy.certs.SecretKey;
import dev.meshplane.envoy.certs.ServedSecrets;
import dev.meshplane.envoy.node.ProxyVariant;
import dev.meshplane.model.internal.ProxyConfig;
import dev.meshplane.model.internal.StoredProxyConfig;
import dev.meshplane.proxyconfig.StoredProxyConfigCodec;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the xDS snapshot of one proxy variant from its stored config item: the synthesized
 * listeners, routes and clusters, the item's own assignments, and assignments for the endpoints
 * it asks to resolve, and the secrets it references that the certificate manager has. Pure apart
 * from the resolver's lookups and the secrets published so far.
 */
public final class ProxySnapshotBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(ProxySnapshotBuilder.class);

  private final EndpointResolver resolver;
  private final ServedSecrets secrets;
  /** Sends the stored bytes of what {@link #decoded} decoded. */
  private final StoredResourceSerializer serializer = new StoredResourceSerializer();
  /** Shared by every proxy's builds: what one proxy decoded, the next reuses. */
  private final DecodedResources decoded = new DecodedResources(DecodedResources.DEFAULT_MAX_BYTES, serializer);

  /** Serves no secrets (an SDS reference stays unanswered). */
  public ProxySnapshotBuilder(EndpointResolver resolver) {
    this(resolver, ServedSecrets.none());
  }

  public ProxySnapshotBuilder(EndpointResolver resolver, ServedSecrets secrets) {
    this.resolver = resolver;
    this.secrets = secrets;
  }

  /** How the xDS server should pack what these builds decode: from the bytes they were decoded from. */
  public StoredResourceSerializer serializer() {
    return serializer;
  }

  /** Where the secrets come from; proxy managers subscribe to their changes here. */
  public ServedSecrets secrets() {
    return secrets;
  }

  /**
   * Throws {@link IllegalArgumentException} when the payload does not decode or lacks the variant;
   * the caller keeps its previous snapshot then.
   */
  public ProxySnapshot build(ProxyConfigItem item, ProxyVariant variant, ProxySnapshot previous) {
    ProxyConfig config = config(item, variant);
    return assemble(item, config, resolver.resolve(
        config.getEndpointResolutionsList(), previous == null ? Map.of() : previous.resolvedEndpoints()));
  }

  /**
   * {@code served} (built from {@code item}) with its endpoints looked up again: {@code served}
   * itself when they resolve as before, the usual case, so a refresh of an unchanged proxy decodes,
   * hashes and pushes nothing; a new snapshot when they moved.
   */
  public ProxySnapshot refreshEndpoints(ProxyConfigItem item, ProxyVariant variant, ProxySnapshot served) {
    if (served.endpointResolutions().isEmpty()) {
      return served;
    }
    Map<String, ClusterLoadAssignment> resolved =
        resolver.resolve(served.endpointResolutions(), served.resolvedEndpoints());
    return resolved.equals(served.resolvedEndpoints()) ? served : assemble(item, config(item, variant), resolved);
  }

  private static ProxyConfig config(ProxyConfigItem item, ProxyVariant variant) {
    StoredProxyConfig stored = StoredProxyConfigCodec.decode(item.payload());
    if (variant == ProxyVariant.PROXYLESS_GRPC && !stored.hasProxylessGrpc()) {
      throw new IllegalArgumentException(item.key() + " has no proxyless gRPC config");
    }
    return switch (variant) {
      case SIDECAR -> stored.getSidecar();
      case PROXYLESS_GRPC -> stored.getProxylessGrpc();
    };
  }

  private ProxySnapshot assemble(ProxyConfigItem item, ProxyConfig config, Map<String, ClusterLoadAssignment> resolved) {
    // Resolved endpoints are made here; the synthesizer's own assignments are authoritative for their clusters.
    Map<String, VersionedResource<ClusterLoadAssignment>> assignments = new LinkedHashMap<>();
    resolved.forEach((cluster, assignment) -> assignments.put(cluster, ResourceVersions.versioned(assignment)));
    decoded.decode(config.getClusterLoadAssignmentsList(), ClusterLoadAssignment.class)
        .forEach(a -> assignments.put(a.resource().getClusterName(), a));

    Set<SecretKey> secretKeys = secretKeys(item, config);
    List<VersionedResource<Secret>> served = new ArrayList<>();
    for (SecretKey key : secretKeys) {
      Optional<Secret> secret = this.secrets.current(key);
      // Not fetched (yet): left out rather than sent empty; Envoy keeps warming what uses it.
      secret.ifPresentOrElse(s -> served.add(ResourceVersions.versioned(s)),
          () -> LOG.debug("{}: {} not served yet", item.key(), key));
    }

    Snapshot snapshot = ContentVersionedSnapshot.ofVersioned(
        decoded.decode(config.getClustersList(), Cluster.class),
        List.copyOf(assignments.values()),
        decoded.decode(config.getListenersList(), Listener.class),
        decoded.decode(config.getRouteConfigurationsList(), RouteConfiguration.class),
        served);
    return new ProxySnapshot(snapshot, item.generation(), item.contentHash(), item.journalCommitTime(),
        config.getEndpointResolutionsList(), resolved, secretKeys);
  }

  private static Set<SecretKey> secretKeys(ProxyConfigItem item, ProxyConfig config) {
    Set<SecretKey> keys = new LinkedHashSet<>();
    Set<String> names = new LinkedHashSet<>();
    for (var reference : config.getSecretsList()) {
      Optional<SecretKey> key = SecretKey.of(reference);
      if (key.isEmpty()) {
        LOG.warn("{}: secret {} has unknown source {}; not served", item.key(), reference.getName(),
            reference.getSource());
      } else if (names.add(reference.getName())) {
        keys.add(key.get());
      }
    }
    return keys;
  }
}
