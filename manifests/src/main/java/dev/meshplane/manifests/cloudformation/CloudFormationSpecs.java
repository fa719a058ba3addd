package dev.meshplane.manifests.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.meshplane.manifests.ManifestException;
import java.util.Iterator;
import java.util.Map;

/**
 * CloudFormation's App Mesh specs ({@code Listeners: [{PortMapping: {Port: 8080}}]}) as App Mesh
 * API JSON ({@code listeners: [{portMapping: {port: 8080}}]}). CloudFormation names every member
 * as the API does but capitalized, acronyms in capitals ({@code DNS}, {@code AWSCloudMap},
 * {@code TLS}), so each key is matched to the model's member by name ignoring case, walking the
 * model's own message shapes; a key the model lacks is an error with its path. CloudFormation
 * passes numbers and booleans written as strings; they become numbers and booleans here.
 */
final class CloudFormationSpecs {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CloudFormationSpecs() {}

  static ObjectNode toApiJson(JsonNode spec, Descriptor shape, String origin, String path) {
    if (!spec.isObject()) {
      throw new ManifestException(origin, path, "must be an object (" + shape.getName() + "), got " + spec.getNodeType());
    }
    ObjectNode out = NODES.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = spec.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> member = it.next();
      String memberPath = path + "." + member.getKey();
      FieldDescriptor field = shape.getFields().stream()
          .filter(f -> f.getJsonName().equalsIgnoreCase(member.getKey()))
          .findFirst()
          .orElseThrow(() -> new ManifestException(origin, memberPath,
              "is not a member of " + shape.getName() + " (members: "
                  + shape.getFields().stream().map(f -> capitalized(f.getJsonName())).toList() + ")"));
      out.set(field.getJsonName(), value(field, member.getValue(), origin, memberPath));
    }
    return out;
  }

  private static JsonNode value(FieldDescriptor field, JsonNode value, String origin, String path) {
    if (field.isMapField()) {
      FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
      ObjectNode map = NODES.objectNode();
      value.fields().forEachRemaining(e -> map.set(e.getKey(), single(valueField, e.getValue(), origin, path + "." + e.getKey())));
      return map;
    }
    if (field.isRepeated()) {
      if (!value.isArray()) {
        throw new ManifestException(origin, path, "must be a list, got " + value.getNodeType());
      }
      ArrayNode list = NODES.arrayNode();
      for (int i = 0; i < value.size(); i++) {
        list.add(single(field, value.get(i), origin, path + "[" + i + "]"));
      }
      return list;
    }
    return single(field, value, origin, path);
  }

  private static JsonNode single(FieldDescriptor field, JsonNode value, String origin, String path) {
    switch (field.getJavaType()) {
      case MESSAGE:
        return toApiJson(value, field.getMessageType(), origin, path);
      case INT, LONG:
        if (value.isTextual() && value.asText().matches("-?\\d+")) {
          return NODES.numberNode(Long.parseLong(value.asText()));
        }
        return value;
      case FLOAT, DOUBLE:
        if (value.isTextual() && value.asText().matches("-?\\d+(\\.\\d+)?")) {
          return NODES.numberNode(Double.parseDouble(value.asText()));
        }
        return value;
      case BOOLEAN:
        if (value.isTextual() && (value.asText().equalsIgnoreCase("true") || value.asText().equalsIgnoreCase("false"))) {
          return NODES.booleanNode(Boolean.parseBoolean(value.asText()));
        }
        return value;
      default:
        return value.isNumber() || value.isBoolean() ? NODES.textNode(value.asText()) : value;
    }
  }

  private static String capitalized(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
