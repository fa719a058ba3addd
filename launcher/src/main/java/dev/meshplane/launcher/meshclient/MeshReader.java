package dev.meshplane.launcher.meshclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.manifests.DeclaredResource;
import dev.meshplane.manifests.KindOrder;
import dev.meshplane.manifests.SdkModelJson;
import dev.meshplane.model.ResourceKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.appmesh.model.NotFoundException;

/** Reads every resource of a mesh through the API (list, describe, list tags), in creation order. */
public final class MeshReader {
  private final MeshApiClient client;

  public MeshReader(MeshApiClient client) {
    this.client = client;
  }

  /** The mesh's resources, the mesh first; empty when the mesh does not exist. */
  public List<LiveResource> read(String mesh) {
    List<LiveResource> resources = new ArrayList<>();
    try {
      resources.add(describe(ResourceKind.MESH, mesh, null, mesh));
    } catch (NotFoundException e) {
      return List.of();
    }
    for (ResourceKind kind : KindOrder.CREATE) {
      if (kind == ResourceKind.MESH || kind.parentKind().isPresent()) {
        continue;
      }
      for (String name : names(kind, mesh, null)) {
        resources.add(describe(kind, mesh, null, name));
        for (ResourceKind child : KindOrder.CREATE) {
          if (child.parentKind().orElse(null) == kind) {
            for (String childName : names(child, mesh, name)) {
              resources.add(describe(child, mesh, name, childName));
            }
          }
        }
      }
    }
    resources.sort((a, b) -> KindOrder.creation().compare(a.resource().kind(), b.resource().kind()));
    return resources;
  }

  private List<String> names(ResourceKind kind, String mesh, String parent) {
    List<String> names = new ArrayList<>();
    String token = null;
    do {
      ObjectNode input = SdkModelJson.JSON.createObjectNode().put("meshName", mesh);
      kind.parentKind().ifPresent(p -> input.put(p.nameMember(), parent));
      if (token != null) {
        input.put("nextToken", token);
      }
      JsonNode page = client.call("List" + kind.apiName() + "s", input);
      page.path(kind.arnSegment() + "s").forEach(item -> names.add(item.get(kind.nameMember()).asText()));
      token = page.path("nextToken").isTextual() ? page.get("nextToken").asText() : null;
    } while (token != null);
    return names;
  }

  public LiveResource describe(ResourceKind kind, String mesh, String parent, String name) {
    ObjectNode input = SdkModelJson.JSON.createObjectNode().put("meshName", mesh);
    kind.parentKind().ifPresent(p -> input.put(p.nameMember(), parent));
    if (kind != ResourceKind.MESH) {
      input.put(kind.nameMember(), name);
    }
    JsonNode data = client.call("Describe" + kind.apiName(), input).get(kind.arnSegment());
    String arn = data.path("metadata").path("arn").asText();
    Map<String, String> tags = new LinkedHashMap<>();
    client.call("ListTagsForResource", SdkModelJson.JSON.createObjectNode().put("resourceArn", arn))
        .path("tags").forEach(tag -> tags.put(tag.get("key").asText(), tag.path("value").asText("")));
    ObjectNode spec = data.path("spec").isObject() ? (ObjectNode) data.get("spec") : SdkModelJson.JSON.createObjectNode();
    DeclaredResource resource = new DeclaredResource(kind, mesh, parent, name, null, spec, tags, arn);
    return new LiveResource(resource, data.path("metadata").path("version").asLong(), arn);
  }
}
