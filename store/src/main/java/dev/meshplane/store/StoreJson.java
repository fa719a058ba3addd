package dev.meshplane.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** The JSON the store writes: tag lists and journal bodies. */
final class StoreJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<List<Tag>> TAG_LIST = new TypeReference<>() {};

  private StoreJson() {}

  /** {@code [{"key":"k","value":"v"}, ...]}, in the tags' order. */
  static String tags(List<Tag> tags) {
    if (tags.isEmpty()) {
      return "[]";
    }
    ArrayNode array = MAPPER.createArrayNode();
    for (Tag tag : tags) {
      array.addObject().put("key", tag.key()).put("value", tag.value());
    }
    return array.toString();
  }

  static List<Tag> tags(String json) {
    if (json.equals("[]")) {
      return List.of(); // most resources have no tags: no parser for them on every read
    }
    try {
      return MAPPER.readValue(json, TAG_LIST);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored tags are not JSON: " + json, e);
    }
  }

  /**
   * Reads a spec through so that a write with malformed JSON is refused before it reaches the
   * database: token by token, without building the tree nobody reads (it runs on every write).
   */
  static void checkSpec(String specJson) {
    try (JsonParser parser = MAPPER.getFactory().createParser(specJson)) {
      if (parser.nextToken() != null) {
        parser.skipChildren();
      }
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
      throw new IllegalArgumentException("specJson is not JSON: " + why, e);
    }
  }

  /**
   * The journal body: key, uid, version, spec (as JSON, not a string), tags, and client token and
   * owners when set. Written in one pass with the spec copied in as it is: the write runs inside the
   * journal's serialized transaction, and the spec was checked to be JSON before it got there.
   */
  static String journalBody(StoredResource resource) {
    StringWriter text = new StringWriter(resource.specJson().length() + 256);
    try (JsonGenerator body = MAPPER.getFactory().createGenerator(text)) {
      body.writeStartObject();
      body.writeStringField("key", resource.id().key());
      body.writeStringField("uid", resource.uid());
      body.writeNumberField("version", resource.version());
      body.writeFieldName("spec");
      body.writeRawValue(resource.specJson());
      body.writeArrayFieldStart("tags");
      for (Tag tag : resource.tags()) {
        body.writeStartObject();
        body.writeStringField("key", tag.key());
        body.writeStringField("value", tag.value());
        body.writeEndObject();
      }
      body.writeEndArray();
      // a restore to an earlier sequence reads these here: nothing else records them
      if (resource.clientToken() != null) {
        body.writeStringField("clientToken", resource.clientToken());
      }
      if (resource.meshOwner() != null) {
        body.writeStringField("meshOwner", resource.meshOwner());
      }
      if (resource.resourceOwner() != null) {
        body.writeStringField("resourceOwner", resource.resourceOwner());
      }
      body.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a string cannot fail", e);
    }
    return text.toString();
  }
}
