package dev.meshplane.store;

import dev.meshplane.model.ResourceId;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One resource as the store keeps it. {@code specJson} is the App Mesh JSON of the spec (the
 * canonical form the frontend writes; never binary protobuf, whose field numbers may move).
 *
 * @param references the resources this one points at (a route's target nodes, a service's
 *     provider); the store refuses to delete a resource that something still references
 * @param clientToken the idempotency token of the create that made it, or null
 */
public record StoredResource(
    ResourceId id,
    String uid,
    long version,
    Instant createdAt,
    Instant lastUpdatedAt,
    String specJson,
    List<Tag> tags,
    Set<ResourceId> references,
    String clientToken,
    String meshOwner,
    String resourceOwner) {

  public StoredResource {
    tags = List.copyOf(tags);
    references = Set.copyOf(references);
  }
}
