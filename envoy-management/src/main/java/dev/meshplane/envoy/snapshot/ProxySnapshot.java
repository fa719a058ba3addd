package dev.meshplane.envoy.snapshot;

import dev.meshplane.envoy.certs.SecretKey;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * An xDS snapshot together with where it came from: the item's generation and content hash (for
 * tracing convergence) and the endpoints resolved for it (kept for the next build when a lookup
 * fails), and the secrets its config references (served or not), for the certificate manager.
 */
public record ProxySnapshot(
    Snapshot snapshot,
    long generation,
    String contentHash,
    Instant journalCommitTime,
    Map<String, ClusterLoadAssignment> resolvedEndpoints,
    Set<SecretKey> secretKeys) {

  public ProxySnapshot {
    resolvedEndpoints = Map.copyOf(resolvedEndpoints);
    secretKeys = Set.copyOf(secretKeys);
  }

  /** A snapshot that references no secrets. */
  public ProxySnapshot(Snapshot snapshot, long generation, String contentHash, Instant journalCommitTime,
      Map<String, ClusterLoadAssignment> resolvedEndpoints) {
    this(snapshot, generation, contentHash, journalCommitTime, resolvedEndpoints, Set.of());
  }
}
