package dev.meshplane.envoy.snapshot;

import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import java.time.Instant;
import java.util.Map;

/**
 * An xDS snapshot together with where it came from: the item's generation and content hash (for
 * tracing convergence) and the endpoints resolved for it (kept for the next build when a lookup
 * fails).
 */
public record ProxySnapshot(
    Snapshot snapshot,
    long generation,
    String contentHash,
    Instant journalCommitTime,
    Map<String, ClusterLoadAssignment> resolvedEndpoints) {

  public ProxySnapshot {
    resolvedEndpoints = Map.copyOf(resolvedEndpoints);
  }
}
