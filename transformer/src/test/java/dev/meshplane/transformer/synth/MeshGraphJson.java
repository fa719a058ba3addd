package dev.meshplane.transformer.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.transformer.synth.resolve.MeshGraph;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The IR as readable JSON, the first stage of the two-stage goldens ({@code ir.json}): every record
 * of {@link MeshGraph} as an object of its components in declaration order, an absent Optional
 * left out, enums by name, durations as ISO-8601, and a record that is one case of a sealed
 * interface tagged with {@code "case"} (so {@code Dns} and {@code CloudMap} tell themselves apart).
 */
final class MeshGraphJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private MeshGraphJson() {}

  static String render(MeshGraph graph) {
    return ProxyConfigJson.pretty(json(graph));
  }

  private static JsonNode json(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof Record record) {
      return record(record);
    }
    if (value instanceof Collection<?> items) {
      ArrayNode array = NODES.arrayNode();
      items.forEach(item -> array.add(json(item)));
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      new TreeMap<>(map).forEach((k, v) -> object.set(String.valueOf(k), json(v)));
      return object;
    }
    if (value instanceof Enum<?> e) {
      return NODES.textNode(e.name());
    }
    if (value instanceof Duration d) {
      return NODES.textNode(d.toString());
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Integer || value instanceof Long) {
      return NODES.numberNode(((Number) value).longValue());
    }
    return NODES.textNode(value.toString());
  }

  private static ObjectNode record(Record record) {
    ObjectNode object = NODES.objectNode();
    for (Class<?> type : record.getClass().getInterfaces()) {
      if (type.isSealed()) {
        object.put("case", record.getClass().getSimpleName());
      }
    }
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      Object value;
      try {
        value = component.getAccessor().invoke(record);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + component, e);
      }
      if (value instanceof Optional<?> optional) {
        optional.ifPresent(present -> object.set(component.getName(), json(present)));
      } else {
        object.set(component.getName(), json(value));
      }
    }
    return object;
  }
}
