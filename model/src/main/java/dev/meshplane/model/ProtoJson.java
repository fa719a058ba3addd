package dev.meshplane.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import dev.meshplane.model.options.Options;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The App Mesh JSON form of the generated model messages, by each field's {@code json_name}.
 *
 * <p>Not protobuf's JsonFormat: App Mesh writes 64-bit numbers as JSON numbers and timestamps as
 * epoch seconds, and a person sending a bad request needs every problem at once, each with its
 * field path, which {@link #merge} returns as {@link Violation}s.
 */
public final class ProtoJson {
  // Fractions as BigDecimal, so stored timestamps read back exactly.
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  // Beyond this many seconds the milliseconds no longer fit a long.
  private static final BigDecimal MAX_EPOCH_SECONDS = BigDecimal.valueOf(Long.MAX_VALUE / 1000);
  private static final Map<Descriptor, Map<String, FieldDescriptor>> FIELDS_BY_JSON_NAME = new ConcurrentHashMap<>();
  // One extension look-up per 64-bit value read or written was a visible share of parsing.
  private static final Map<FieldDescriptor, Boolean> TIMESTAMPS = new ConcurrentHashMap<>();

  private ProtoJson() {}

  /** Fills {@code builder} from a JSON object; returns every problem found, with paths under {@code path}. */
  public static List<Violation> merge(JsonNode json, Message.Builder builder, String path) {
    List<Violation> violations = new ArrayList<>();
    mergeObject(json, builder, path, violations);
    return violations;
  }

  /** Parses JSON that this process wrote (stored specs); throws if it does not fit the message. */
  @SuppressWarnings("unchecked")
  public static <T extends Message> T parse(String json, T defaultInstance) {
    Message.Builder builder = defaultInstance.newBuilderForType();
    if (StreamedSpecReader.read(MAPPER.getFactory(), json, builder)) {
      return (T) builder.build();
    }
    // Not in the shape this process writes: the tree reads it, or names what is wrong with it.
    builder = defaultInstance.newBuilderForType();
    List<Violation> violations;
    try {
      violations = merge(MAPPER.readTree(json), builder, "");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (!violations.isEmpty()) {
      throw new IllegalArgumentException(
          violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    }
    return (T) builder.build();
  }

  public static ObjectNode toJson(MessageOrBuilder message) {
    ObjectNode node = NODES.objectNode();
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      if (field.isRepeated()) {
        int count = message.getRepeatedFieldCount(field);
        if (count == 0) {
          continue;
        }
        ArrayNode array = node.putArray(field.getJsonName());
        for (int i = 0; i < count; i++) {
          array.add(valueToJson(field, message.getRepeatedField(field, i)));
        }
      } else if (message.hasField(field)) {
        node.set(field.getJsonName(), valueToJson(field, message.getField(field)));
      }
    }
    return node;
  }

  /**
   * Compact and deterministic: members in field-number order, which is member-name order. Written
   * straight to text, the same text as {@code toJson(message).toString()} without building the
   * tree first (the API writes this for every stored spec).
   */
  public static String toJsonString(MessageOrBuilder message) {
    StringWriter text = new StringWriter(256);
    try (JsonGenerator json = MAPPER.getFactory().createGenerator(text)) {
      write(json, message);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a string", e);
    }
    return text.toString();
  }

  private static void write(JsonGenerator json, MessageOrBuilder message) throws IOException {
    json.writeStartObject();
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      if (field.isRepeated()) {
        int count = message.getRepeatedFieldCount(field);
        if (count == 0) {
          continue;
        }
        json.writeArrayFieldStart(field.getJsonName());
        for (int i = 0; i < count; i++) {
          writeValue(json, field, message.getRepeatedField(field, i));
        }
        json.writeEndArray();
      } else if (message.hasField(field)) {
        json.writeFieldName(field.getJsonName());
        writeValue(json, field, message.getField(field));
      }
    }
    json.writeEndObject();
  }

  /** As {@link #valueToJson} would write its node. */
  private static void writeValue(JsonGenerator json, FieldDescriptor field, Object value) throws IOException {
    switch (field.getJavaType()) {
      case MESSAGE -> write(json, (MessageOrBuilder) value);
      case STRING -> json.writeString((String) value);
      case BOOLEAN -> json.writeBoolean((Boolean) value);
      case INT -> json.writeNumber((Integer) value);
      case LONG -> {
        if (isTimestamp(field)) {
          json.writeNumber(((DecimalNode) epochSeconds((Long) value)).decimalValue());
        } else {
          json.writeNumber((long) (Long) value);
        }
      }
      default -> throw new IllegalStateException("the App Mesh model has no " + field.getJavaType() + " members");
    }
  }

  private static JsonNode valueToJson(FieldDescriptor field, Object value) {
    return switch (field.getJavaType()) {
      case MESSAGE -> toJson((MessageOrBuilder) value);
      case STRING -> NODES.textNode((String) value);
      case BOOLEAN -> NODES.booleanNode((Boolean) value);
      case INT -> NODES.numberNode((Integer) value);
      case LONG ->
          isTimestamp(field) ? epochSeconds((Long) value) : longNode((Long) value);
      default -> throw new IllegalStateException("the App Mesh model has no " + field.getJavaType() + " members");
    };
  }

  /**
   * Milliseconds as seconds with no more decimals than needed (1732845678.5, 1732845678). The scale
   * is kept non-negative because stripped zeros alone would print 1732845670 as 1.73284567E+9.
   */
  private static JsonNode epochSeconds(long millis) {
    BigDecimal seconds = BigDecimal.valueOf(millis, 3).stripTrailingZeros();
    return DecimalNode.valueOf(seconds.scale() < 0 ? seconds.setScale(0) : seconds);
  }

  /** Small values as int nodes, as Jackson reads them, so parsed and written trees compare equal. */
  private static JsonNode longNode(long value) {
    return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
  }

  private static void mergeObject(JsonNode json, Message.Builder builder, String path, List<Violation> violations) {
    if (!json.isObject()) {
      violations.add(new Violation(path, "must be an object"));
      return;
    }
    Map<String, FieldDescriptor> fields = fieldsByJsonName(builder.getDescriptorForType());
    for (Map.Entry<String, JsonNode> entry : json.properties()) {
      String name = entry.getKey();
      JsonNode value = entry.getValue();
      String fieldPath = path.isEmpty() ? name : path + "." + name;
      FieldDescriptor field = fields.get(name);
      if (field == null) {
        violations.add(new Violation(fieldPath, "unknown member; expected one of: " + String.join(", ", fields.keySet())));
        continue;
      }
      if (!value.isNull()) {
        mergeMember(field, value, builder, fieldPath, violations);
      }
    }
  }

  private static void mergeMember(
      FieldDescriptor field, JsonNode value, Message.Builder builder, String path, List<Violation> violations) {
    if (!field.isRepeated()) {
      Object converted = convert(field, value, builder, path, violations);
      if (converted != null) {
        builder.setField(field, converted);
      }
    } else if (!value.isArray()) {
      violations.add(new Violation(path, "must be a list"));
    } else {
      for (int i = 0; i < value.size(); i++) {
        Object element = convert(field, value.get(i), builder, path + "[" + i + "]", violations);
        if (element != null) {
          builder.addRepeatedField(field, element);
        }
      }
    }
  }

  /** The field's value from JSON, or null after recording why it cannot be one. */
  private static Object convert(
      FieldDescriptor field, JsonNode value, Message.Builder parent, String path, List<Violation> violations) {
    switch (field.getJavaType()) {
      case MESSAGE -> {
        Message.Builder child = parent.newBuilderForField(field);
        int before = violations.size();
        mergeObject(value, child, path, violations);
        return violations.size() == before ? child.build() : null;
      }
      case STRING -> {
        if (!value.isTextual()) {
          violations.add(new Violation(path, "must be a string"));
          return null;
        }
        return value.textValue();
      }
      case BOOLEAN -> {
        if (!value.isBoolean()) {
          violations.add(new Violation(path, "must be true or false"));
          return null;
        }
        return value.booleanValue();
      }
      case INT -> {
        Long number = integral(value, path, violations, Integer.MIN_VALUE, Integer.MAX_VALUE);
        return number == null ? null : number.intValue();
      }
      case LONG -> {
        if (isTimestamp(field)) {
          return epochMillis(value, path, violations);
        }
        return integral(value, path, violations, Long.MIN_VALUE, Long.MAX_VALUE);
      }
      default -> throw new IllegalStateException("the App Mesh model has no " + field.getJavaType() + " members");
    }
  }

  /** A whole number within [min, max], or null after recording why the JSON value is not one. */
  private static Long integral(JsonNode value, String path, List<Violation> violations, long min, long max) {
    if (!value.isNumber()) {
      violations.add(new Violation(path, "must be an integer"));
      return null;
    }
    BigDecimal decimal = isFinite(value) ? value.decimalValue() : null;
    // Range before exactness: an exact conversion of 1e999999999 would fill the heap.
    if (decimal == null || decimal.compareTo(BigDecimal.valueOf(min)) < 0 || decimal.compareTo(BigDecimal.valueOf(max)) > 0) {
      violations.add(new Violation(path, "must fit a " + (max == Long.MAX_VALUE ? 64 : 32) + "-bit integer, got " + value.asText()));
      return null;
    }
    if (decimal.stripTrailingZeros().scale() > 0) {
      violations.add(new Violation(path, "must be an integer, got " + value.asText()));
      return null;
    }
    return decimal.longValueExact();
  }

  /** Epoch seconds, fractions allowed, as milliseconds (rounded to the nearest one). */
  private static Long epochMillis(JsonNode value, String path, List<Violation> violations) {
    if (!value.isNumber()) {
      violations.add(new Violation(path, "must be a number of seconds since the epoch"));
      return null;
    }
    Long millis = isFinite(value) ? epochMillis(value.decimalValue()) : null;
    if (millis == null) {
      violations.add(new Violation(path, "must be a number of seconds since the epoch, got " + value.asText()));
    }
    return millis;
  }

  /** Epoch seconds as milliseconds (rounded to the nearest one), or null when they do not fit a long. */
  static Long epochMillis(BigDecimal seconds) {
    if (seconds.abs().compareTo(MAX_EPOCH_SECONDS) > 0) {
      return null;
    }
    return seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  static boolean isTimestamp(FieldDescriptor field) {
    return TIMESTAMPS.computeIfAbsent(field, f -> f.getOptions().getExtension(Options.timestamp));
  }

  /** Jackson reads a float beyond double range (1e400) as infinity, which has no decimal value. */
  private static boolean isFinite(JsonNode number) {
    return !number.isFloatingPointNumber() || number.isBigDecimal() || Double.isFinite(number.doubleValue());
  }

  /** The field of {@code descriptor} whose JSON name is {@code jsonName}, or null: a map look-up, not a scan. */
  public static FieldDescriptor fieldByJsonName(Descriptor descriptor, String jsonName) {
    return fieldsByJsonName(descriptor).get(jsonName);
  }

  private static Map<String, FieldDescriptor> fieldsByJsonName(Descriptor descriptor) {
    return FIELDS_BY_JSON_NAME.computeIfAbsent(
        descriptor,
        d -> d.getFields().stream()
            .collect(Collectors.toMap(FieldDescriptor::getJsonName, f -> f, (a, b) -> a, LinkedHashMap::new)));
  }
}
