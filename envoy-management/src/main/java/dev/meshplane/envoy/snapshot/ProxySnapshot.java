package dev.meshplane.envoy.snapshot;

import dev.meshplane.envoy.certs.SecretKey;
import dev.meshplane.model.internal.EndpointResolution;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An xDS snapshot together with where it came from: the item's generation and content hash (for
 * tracing convergence), the endpoint resolutions of its config and what they resolved to (kept for
 * the next build when a lookup fails, and compared at each refresh), and the secrets its config
 * references (served or not), for the certificate manager.
 */
public record ProxySnapshot(
    Snapshot snapshot,
    long generation,
    String contentHash,
    Instant journalCommitTime,
    List<EndpointResolution> endpointResolutions,
    Map<String, ClusterLoadAssignment> resolvedEndpoints,
    Set<SecretKey> secretKeys) {

  public ProxySnapshot {
    endpointResolutions = List.copyOf(endpointResolutions);
    resolvedEndpoints = Map.copyOf(resolvedEndpoints);
    secretKeys = Set.copyOf(secretKeys);
  }
}
