package dev.meshplane.frontend.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.meshplane.model.Arns;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.StoredResource;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Writes stored resources in the App Mesh response shapes: {@code <Kind>Data} (names, metadata,
 * spec, status) and {@code <Kind>Ref} for listings. Timestamps are epoch seconds, as the SDKs
 * expect of this API.
 */
public final class ResourceRenderer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ApiSettings settings;

  public ResourceRenderer(ApiSettings settings) {
    this.settings = settings;
  }

  public String arn(ResourceId id) {
    return Arns.arn(settings.region(), settings.accountId(), id);
  }

  /** {@code status} is ACTIVE for live resources and DELETED in the answer to a delete. */
  public ObjectNode data(StoredResource resource, String status) {
    ObjectNode data = JSON.createObjectNode();
    names(data, resource.id());
    ObjectNode metadata = data.putObject("metadata");
    metadata.put("arn", arn(resource.id()));
    metadata.put("createdAt", epochSeconds(resource.createdAt()));
    metadata.put("lastUpdatedAt", epochSeconds(resource.lastUpdatedAt()));
    metadata.put("meshOwner", resource.meshOwner());
    metadata.put("resourceOwner", resource.resourceOwner());
    metadata.put("uid", resource.uid());
    metadata.put("version", resource.version());
    // the stored spec is JSON this frontend wrote: copied into the answer as it is, not parsed again
    data.putRawValue("spec", new RawValue(resource.specJson()));
    data.putObject("status").put("status", status);
    return data;
  }

  public ObjectNode ref(StoredResource resource) {
    ObjectNode ref = JSON.createObjectNode();
    ref.put("arn", arn(resource.id()));
    ref.put("createdAt", epochSeconds(resource.createdAt()));
    ref.put("lastUpdatedAt", epochSeconds(resource.lastUpdatedAt()));
    names(ref, resource.id());
    ref.put("meshOwner", resource.meshOwner());
    ref.put("resourceOwner", resource.resourceOwner());
    ref.put("version", resource.version());
    return ref;
  }

  private static void names(ObjectNode node, ResourceId id) {
    node.put("meshName", id.mesh());
    id.kind().parentKind().ifPresent(parent -> node.put(parent.nameMember(), id.parentName()));
    if (id.kind() != ResourceKind.MESH) {
      node.put(id.kind().nameMember(), id.name());
    }
  }

  static BigDecimal epochSeconds(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
  }
}
