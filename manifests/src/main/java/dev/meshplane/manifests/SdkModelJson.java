package dev.meshplane.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * App Mesh API JSON (what the manifest readers produce, the {@code --cli-input-json} shape) to and
 * from the AWS SDK v2's model objects, through the fields each model class declares
 * ({@link SdkPojo#sdkFields}): the SDK's own wire names apply, and a member the API lacks is
 * reported instead of dropped. Used by the Kubernetes controller and by the CLI's API client.
 */
public final class SdkModelJson {
  public static final ObjectMapper JSON = new ObjectMapper();

  private SdkModelJson() {}

  /** Builds the SDK object for {@code json} with {@code builder} (e.g. {@code VirtualNodeSpec.builder()}). */
  public static <T> T toModel(SdkBuilder<?, T> builder, JsonNode json, String where) {
    fill((SdkPojo) builder, json, where);
    return builder.build();
  }

  /** Sets every member of {@code json} on {@code builder}; a member the model lacks is an IllegalArgumentException naming it. */
  public static void fill(SdkPojo builder, JsonNode json, String where) {
    Map<String, SdkField<?>> fields = new LinkedHashMap<>();
    builder.sdkFields().forEach(f -> fields.put(f.locationName(), f));
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> member = it.next();
      SdkField<?> field = fields.get(member.getKey());
      if (field == null) {
        throw new IllegalArgumentException(where + "." + member.getKey() + ": the App Mesh API has no such field");
      }
      field.set(builder, value(field, member.getValue(), where + "." + member.getKey()));
    }
  }

  private static Object value(SdkField<?> field, JsonNode json, String where) {
    MarshallingType<?> type = field.marshallingType();
    if (type == MarshallingType.STRING) {
      return json.asText();
    }
    if (type == MarshallingType.INTEGER) {
      return json.asInt();
    }
    if (type == MarshallingType.LONG) {
      return json.asLong();
    }
    if (type == MarshallingType.BOOLEAN) {
      return json.asBoolean();
    }
    if (type == MarshallingType.DOUBLE) {
      return json.asDouble();
    }
    if (type == MarshallingType.SDK_POJO) {
      SdkPojo nested = field.constructor().get();
      fill(nested, json, where);
      return ((SdkBuilder<?, ?>) nested).build();
    }
    if (type == MarshallingType.LIST) {
      SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
      List<Object> items = new ArrayList<>();
      for (int i = 0; i < json.size(); i++) {
        items.add(value(member, json.get(i), where + "[" + i + "]"));
      }
      return items;
    }
    if (type == MarshallingType.MAP) {
      SdkField<?> valueField = field.getTrait(MapTrait.class).valueFieldInfo();
      Map<String, Object> map = new LinkedHashMap<>();
      json.fields().forEachRemaining(e -> map.put(e.getKey(), value(valueField, e.getValue(), where + "." + e.getKey())));
      return map;
    }
    throw new IllegalArgumentException(where + ": no JSON mapping for SDK type " + type);
  }

  /** A model object back as App Mesh JSON: the members that are set (timestamps as epoch seconds). */
  public static ObjectNode json(SdkPojo pojo) {
    ObjectNode out = JSON.createObjectNode();
    for (SdkField<?> field : pojo.sdkFields()) {
      Object value = field.getValueOrDefault(pojo);
      if (value != null && !(value instanceof SdkAutoConstructList<?>) && !(value instanceof SdkAutoConstructMap<?, ?>)) {
        out.set(field.locationName(), toJson(value));
      }
    }
    return out;
  }

  private static JsonNode toJson(Object value) {
    if (value instanceof SdkPojo pojo) {
      return json(pojo);
    }
    if (value instanceof List<?> list) {
      ArrayNode array = JSON.createArrayNode();
      list.forEach(v -> array.add(toJson(v)));
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = JSON.createObjectNode();
      map.forEach((k, v) -> object.set(String.valueOf(k), toJson(v)));
      return object;
    }
    if (value instanceof java.time.Instant instant) {
      return JSON.getNodeFactory().numberNode(instant.getEpochSecond());
    }
    return JSON.valueToTree(value);
  }
}
