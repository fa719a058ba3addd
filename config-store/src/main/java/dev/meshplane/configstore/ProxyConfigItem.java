package dev.meshplane.configstore;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;

/**
 * One proxy's synthesized configuration as the config store keeps it (DESIGN.md, "Config store").
 *
 * @param key {@code mesh/<mesh>/virtualNode/<name>} or {@code mesh/<mesh>/virtualGateway/<name>}
 * @param mesh the mesh the proxy belongs to (for per-mesh listing and deletes)
 * @param generation the mesh generation the config was synthesized from; writes never move it back
 * @param contentHash hash of {@code payload}; an unchanged hash means nothing to write
 * @param payload the serialized resources (opaque to the store)
 * @param journalCommitTime commit time of the newest journal entry the config reflects, for
 *     convergence tracing (commit → proxy ACK); kept to the millisecond, as the stores keep it,
 *     so an item read back equals the item written
 */
public record ProxyConfigItem(
    String key, String mesh, long generation, String contentHash, byte[] payload, Instant journalCommitTime) {

  public ProxyConfigItem {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(mesh, "mesh");
    Objects.requireNonNull(contentHash, "contentHash");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(journalCommitTime, "journalCommitTime");
    payload = payload.clone();
    journalCommitTime = journalCommitTime.truncatedTo(ChronoUnit.MILLIS);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ProxyConfigItem that
        && key.equals(that.key)
        && mesh.equals(that.mesh)
        && generation == that.generation
        && contentHash.equals(that.contentHash)
        && Arrays.equals(payload, that.payload)
        && journalCommitTime.equals(that.journalCommitTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, mesh, generation, contentHash, Arrays.hashCode(payload), journalCommitTime);
  }
}
