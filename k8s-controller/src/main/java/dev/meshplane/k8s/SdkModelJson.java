package dev.meshplane.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
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
 * App Mesh API JSON (what the manifest reader produces) to the AWS SDK v2 model and back, driven by
 * the member list every SDK model class publishes ({@link SdkPojo#sdkFields()}), so the SDK's own
 * wire names apply and a field the API lacks is reported instead of dropped.
 */
final class SdkModelJson {

  private SdkModelJson() {}

  /** Builds the SDK object for {@code json} with {@code builder} (e.g. {@code VirtualNodeSpec.builder()}). */
  @SuppressWarnings("unchecked")
  static <T> T toModel(SdkBuilder<?, T> builder, JsonNode json, String path) {
    fill((SdkPojo) builder, json, path);
    return builder.build();
  }

  /** The members set on {@code model}, as App Mesh JSON. */
  static ObjectNode toJson(SdkPojo model) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    for (SdkField<?> field : model.sdkFields()) {
      Object value = field.getValueOrDefault(model);
      boolean unset = value == null || value instanceof SdkAutoConstructList<?> || value instanceof SdkAutoConstructMap<?, ?>;
      if (!unset) {
        json.set(field.locationName(), valueJson(value));
      }
    }
    return json;
  }

  private static void fill(SdkPojo builder, JsonNode json, String path) {
    Map<String, SdkField<?>> byName = new HashMap<>();
    for (SdkField<?> field : builder.sdkFields()) {
      byName.put(field.locationName(), field);
    }
    json.fields().forEachRemaining(member -> {
      SdkField<?> field = byName.get(member.getKey());
      String memberPath = path + "." + member.getKey();
      if (field == null) {
        throw new IllegalArgumentException(memberPath + ": the App Mesh API has no such field");
      }
      field.set(builder, modelValue(field, member.getValue(), memberPath));
    });
  }

  private static Object modelValue(SdkField<?> field, JsonNode json, String path) {
    MarshallingType<?> type = field.marshallingType();
    if (type == MarshallingType.STRING) {
      return json.asText();
    } else if (type == MarshallingType.INTEGER) {
      return json.asInt();
    } else if (type == MarshallingType.LONG) {
      return json.asLong();
    } else if (type == MarshallingType.BOOLEAN) {
      return json.asBoolean();
    } else if (type == MarshallingType.SDK_POJO) {
      SdkPojo nested = field.constructor().get();
      fill(nested, json, path);
      return ((SdkBuilder<?, ?>) nested).build();
    } else if (type == MarshallingType.LIST) {
      SdkField<?> item = field.getTrait(ListTrait.class).memberFieldInfo();
      List<Object> list = new ArrayList<>();
      int index = 0;
      for (JsonNode element : json) {
        list.add(modelValue(item, element, path + "[" + index++ + "]"));
      }
      return list;
    } else if (type == MarshallingType.MAP) {
      SdkField<?> entry = field.getTrait(MapTrait.class).valueFieldInfo();
      Map<String, Object> map = new LinkedHashMap<>();
      json.fields().forEachRemaining(e -> map.put(e.getKey(), modelValue(entry, e.getValue(), path + "." + e.getKey())));
      return map;
    }
    throw new IllegalArgumentException(path + ": unsupported SDK member type " + type);
  }

  private static JsonNode valueJson(Object value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (value instanceof SdkPojo pojo) {
      return toJson(pojo);
    } else if (value instanceof List<?> list) {
      ArrayNode array = nodes.arrayNode();
      list.forEach(item -> array.add(valueJson(item)));
      return array;
    } else if (value instanceof Map<?, ?> map) {
      ObjectNode object = nodes.objectNode();
      map.forEach((k, v) -> object.set(k.toString(), valueJson(v)));
      return object;
    } else if (value instanceof Integer i) {
      return nodes.numberNode(i);
    } else if (value instanceof Long l) {
      return nodes.numberNode(l);
    } else if (value instanceof Boolean b) {
      return nodes.booleanNode(b);
    }
    return nodes.textNode(value.toString());
  }
}
