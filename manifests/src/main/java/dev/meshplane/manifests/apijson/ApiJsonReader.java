package dev.meshplane.manifests.apijson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.manifests.DeclaredResource;
import dev.meshplane.manifests.ManifestContents;
import dev.meshplane.manifests.ManifestException;
import dev.meshplane.model.ResourceKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * App Mesh API JSON: one {@code aws appmesh create-* --cli-input-json} object, a list of them, the
 * output of {@code aws appmesh describe-*} ({@code {"virtualNode": {...}}}), or a
 * {@code meshplane export} document ({@code {"resources": [...]}}). The kind is told by the name
 * members present, as the CLI's operations take them.
 */
public final class ApiJsonReader {
  // Most specific first: a route's input names its router too.
  private static final List<ResourceKind> BY_NAME_MEMBER = List.of(
      ResourceKind.GATEWAY_ROUTE, ResourceKind.ROUTE, ResourceKind.VIRTUAL_NODE, ResourceKind.VIRTUAL_SERVICE,
      ResourceKind.VIRTUAL_GATEWAY, ResourceKind.VIRTUAL_ROUTER, ResourceKind.MESH);
  private static final Set<String> OTHER_MEMBERS = Set.of("spec", "tags", "meshOwner", "clientToken", "metadata", "status");

  private ApiJsonReader() {}

  public static ManifestContents read(String file, JsonNode document) {
    List<DeclaredResource> resources = new ArrayList<>();
    if (document.isArray()) {
      for (int i = 0; i < document.size(); i++) {
        resources.add(resource(document.get(i), file + "#[" + i + "]"));
      }
    } else if (document.isObject() && document.has("resources")) {
      JsonNode list = document.get("resources");
      if (!list.isArray()) {
        throw new ManifestException(file, "resources", "must be a list");
      }
      for (int i = 0; i < list.size(); i++) {
        resources.add(resource(list.get(i), file + "#resources[" + i + "]"));
      }
    } else {
      resources.add(resource(unwrapDescribeOutput(document), file));
    }
    return new ManifestContents(resources, List.of());
  }

  /** {@code {"virtualNode": {...}}}, as describe-virtual-node prints it, is the object inside. */
  private static JsonNode unwrapDescribeOutput(JsonNode document) {
    if (document.isObject() && document.size() == 1) {
      String key = document.fieldNames().next();
      for (ResourceKind kind : ResourceKind.values()) {
        if (kind.arnSegment().equals(key) && document.get(key).isObject()) {
          return document.get(key);
        }
      }
    }
    return document;
  }

  private static DeclaredResource resource(JsonNode input, String origin) {
    if (!input.isObject()) {
      throw new ManifestException(origin, null, "must be an App Mesh API JSON object (the --cli-input-json of a create), got " + input.getNodeType());
    }
    ResourceKind kind = BY_NAME_MEMBER.stream().filter(k -> input.has(k.nameMember())).findFirst()
        .orElseThrow(() -> new ManifestException(origin, null,
            "names no resource: expected meshName and, for a resource in a mesh, virtualNodeName, virtualServiceName, virtualRouterName, routeName, virtualGatewayName or gatewayRouteName"));
    input.fieldNames().forEachRemaining(member -> {
      boolean known = OTHER_MEMBERS.contains(member)
          || BY_NAME_MEMBER.stream().anyMatch(k -> k.nameMember().equals(member));
      if (!known) {
        throw new ManifestException(origin, member, "is not a member of Create" + kind.apiName() + "Input");
      }
    });
    String meshName = text(input, "meshName", origin);
    String parent = kind.parentKind().map(p -> text(input, p.nameMember(), origin)).orElse(null);
    String name = text(input, kind.nameMember(), origin);
    JsonNode spec = input.path("spec");
    if (!spec.isMissingNode() && !spec.isObject()) {
      throw new ManifestException(origin, "spec", "must be an object");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    JsonNode tagList = input.path("tags");
    for (int i = 0; i < tagList.size(); i++) {
      if (!tagList.get(i).path("key").isTextual()) {
        throw new ManifestException(origin, "tags[" + i + "].key", "is missing");
      }
      tags.put(tagList.get(i).get("key").asText(), tagList.get(i).path("value").asText(""));
    }
    String meshOwner = input.path("metadata").path("meshOwner").isTextual() ? null : input.path("meshOwner").textValue();
    ObjectNode specCopy = spec.isObject() ? ((ObjectNode) spec).deepCopy() : JsonNodeFactory.instance.objectNode();
    return new DeclaredResource(kind, meshName, parent, name, meshOwner, specCopy, tags, origin);
  }

  private static String text(JsonNode input, String member, String origin) {
    if (!input.path(member).isTextual()) {
      throw new ManifestException(origin, member, "is required (a string)");
    }
    return input.get(member).asText();
  }
}
