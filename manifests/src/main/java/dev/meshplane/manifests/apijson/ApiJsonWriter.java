package dev.meshplane.manifests.apijson;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.manifests.DeclaredResource;
import java.util.List;

/**
 * {@link DeclaredResource}s as App Mesh API JSON: each one the {@code --cli-input-json} of its
 * create, and a list of them as the {@code meshplane export} document that
 * {@link ApiJsonReader} reads back.
 */
public final class ApiJsonWriter {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ApiJsonWriter() {}

  /** The input of {@code Create<Kind>}: mesh, parent and own name, spec, tags. */
  public static ObjectNode createInput(DeclaredResource resource) {
    ObjectNode input = NODES.objectNode();
    input.put("meshName", resource.meshName());
    resource.kind().parentKind().ifPresent(parent -> input.put(parent.nameMember(), resource.parentName()));
    if (resource.kind() != dev.meshplane.model.ResourceKind.MESH) {
      input.put(resource.kind().nameMember(), resource.name());
    }
    if (resource.meshOwner() != null) {
      input.put("meshOwner", resource.meshOwner());
    }
    input.set("spec", resource.spec().deepCopy());
    if (!resource.tags().isEmpty()) {
      ArrayNode tags = input.putArray("tags");
      resource.tags().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
          .forEach(tag -> tags.addObject().put("key", tag.getKey()).put("value", tag.getValue()));
    }
    return input;
  }

  /** The export document: the resources in the order given (apply's dependency order). */
  public static ObjectNode exportDocument(List<DeclaredResource> resources) {
    ObjectNode document = NODES.objectNode();
    document.put("format", "meshplane-export/1");
    ArrayNode list = document.putArray("resources");
    resources.forEach(resource -> list.add(createInput(resource)));
    return document;
  }
}
