package dev.meshplane.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The JSON the store writes: tag lists and journal bodies. */
final class StoreJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<List<Tag>> TAG_LIST = new TypeReference<>() {};

  private StoreJson() {}

  /** {@code [{"key":"k","value":"v"}, ...]}, in the tags' order. */
  static String tags(List<Tag> tags) {
    ArrayNode array = MAPPER.createArrayNode();
    for (Tag tag : tags) {
      array.addObject().put("key", tag.key()).put("value", tag.value());
    }
    return array.toString();
  }

  static List<Tag> tags(String json) {
    try {
      return MAPPER.readValue(json, TAG_LIST);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored tags are not JSON: " + json, e);
    }
  }

  /** Parses a spec so that a write with malformed JSON is refused before it reaches the database. */
  static JsonNode spec(String specJson) {
    try {
      return MAPPER.readTree(specJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("specJson is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The journal body: key, uid, version, spec (as JSON, not a string), tags, and client token and owners when set. */
  static String journalBody(StoredResource resource) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("key", resource.id().key());
    body.put("uid", resource.uid());
    body.put("version", resource.version());
    body.set("spec", spec(resource.specJson()));
    body.set("tags", MAPPER.valueToTree(resource.tags()));
    // a restore to an earlier sequence reads these here: nothing else records them
    if (resource.clientToken() != null) {
      body.put("clientToken", resource.clientToken());
    }
    if (resource.meshOwner() != null) {
      body.put("meshOwner", resource.meshOwner());
    }
    if (resource.resourceOwner() != null) {
      body.put("resourceOwner", resource.resourceOwner());
    }
    return body.toString();
  }
}
