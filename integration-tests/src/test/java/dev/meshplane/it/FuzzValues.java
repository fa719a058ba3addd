package dev.meshplane.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.meshplane.model.options.Options;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * JSON values for the App Mesh model's shapes, read from the generated proto (its constraints and
 * bindings are custom options): mostly valid, and each scalar with a small chance of breaking
 * its own constraint (length, range, enum, type) or of being a hostile string (huge, unicode,
 * a placeholder the fuzzer turns into an escaped lone surrogate).
 */
final class FuzzValues {
  /** Written into JSON strings, then replaced in the body text by an escaped lone surrogate. */
  static final String LONE_SURROGATE = "@@LONE-SURROGATE@@";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] HOSTILE = {
      "", " ", "\u0000", "a\u0000b", "é", "日本語", "😀", "\u202Eevil", "a/b", "..", "%2F", "%", "'; DROP TABLE resources; --",
      "${jndi:ldap://x}", "\\", "\"", "\n", LONE_SURROGATE, "x" + LONE_SURROGATE};

  private final Random random;
  private final double breakChance;
  private final Map<String, String> knownNames;

  /** {@code knownNames}: names of existing resources by member name, used most of the time so references resolve. */
  FuzzValues(Random random, double breakChance, Map<String, String> knownNames) {
    this.random = random;
    this.breakChance = breakChance;
    this.knownNames = knownNames;
  }

  /** The same generator without breakage: values that pass the model's constraints. */
  FuzzValues valid() {
    return new FuzzValues(random, 0, knownNames);
  }

  /** An object for a message: its required members, some optional ones; one member of a union. */
  ObjectNode message(Descriptor type, int depth) {
    ObjectNode object = NODES.objectNode();
    List<FieldDescriptor> fields = new ArrayList<>(type.getFields());
    if (type.getOptions().getExtension(Options.union)) {
      if (!fields.isEmpty()) {
        FieldDescriptor chosen = fields.get(random.nextInt(fields.size()));
        object.set(chosen.getJsonName(), field(chosen, depth + 1));
      }
      return object;
    }
    for (FieldDescriptor field : fields) {
      if (!field.getOptions().getExtension(Options.location).isEmpty()) {
        continue;
      }
      boolean required = field.getOptions().getExtension(Options.required);
      if ((required && random.nextDouble() > breakChance) || (depth < 5 && random.nextDouble() < 0.3)) {
        object.set(field.getJsonName(), field(field, depth + 1));
      }
    }
    return object;
  }

  JsonNode field(FieldDescriptor field, int depth) {
    if (field.isRepeated()) {
      ArrayNode array = NODES.arrayNode();
      long max = field.getOptions().hasExtension(Options.max) ? field.getOptions().getExtension(Options.max) : 3;
      int count = broken() ? (int) Math.min(max + 1, 60) : random.nextInt((int) Math.min(max, 3) + 1);
      for (int i = 0; i < count; i++) {
        array.add(element(field, depth));
      }
      return broken() ? wrongType(array) : array;
    }
    return element(field, depth);
  }

  private JsonNode element(FieldDescriptor field, int depth) {
    JsonNode value = switch (field.getJavaType()) {
      case MESSAGE -> depth > 12 ? NODES.objectNode() : message(field.getMessageType(), depth);
      case STRING -> NODES.textNode(string(field));
      case INT, LONG -> NODES.numberNode(number(field));
      case BOOLEAN -> NODES.booleanNode(random.nextBoolean());
      default -> NODES.textNode("?");
    };
    return broken() ? wrongType(value) : value;
  }

  String string(FieldDescriptor field) {
    List<String> enums = field.isRepeated()
        ? field.getOptions().getExtension(Options.itemEnumValue) : field.getOptions().getExtension(Options.enumValue);
    long min = field.getOptions().hasExtension(Options.min) ? field.getOptions().getExtension(Options.min) : 1;
    long max = field.getOptions().hasExtension(Options.max) ? field.getOptions().getExtension(Options.max) : 64;
    if (broken()) {
      return switch (random.nextInt(5)) {
        case 0 -> "x".repeat((int) Math.min(max + 1, 70_000));
        case 1 -> min > 0 ? "" : "x".repeat(70_000);
        case 2 -> HOSTILE[random.nextInt(HOSTILE.length)];
        case 3 -> enums.isEmpty() ? "é".repeat((int) Math.min(max + 1, 300)) : enums.get(0).toLowerCase() + "-not";
        default -> "x".repeat(100_000);
      };
    }
    if (!enums.isEmpty()) {
      return enums.get(random.nextInt(enums.size()));
    }
    String known = knownNames.get(field.getJsonName());
    if (known != null && random.nextInt(4) > 0) {
      return known;
    }
    return alphanumeric((int) Math.max(1, Math.min(min + random.nextInt(8), Math.max(min, Math.min(max, 12)))));
  }

  long number(FieldDescriptor field) {
    long min = field.getOptions().hasExtension(Options.min) ? field.getOptions().getExtension(Options.min) : 0;
    long max = field.getOptions().hasExtension(Options.max) ? field.getOptions().getExtension(Options.max) : 1000;
    if (broken()) {
      long[] bad = {min - 1, max + 1, Integer.MAX_VALUE + 1L, Long.MAX_VALUE, Long.MIN_VALUE, -1, 0};
      return bad[random.nextInt(bad.length)];
    }
    return min + (long) (random.nextDouble() * Math.min(max - min, 1000));
  }

  String alphanumeric(int length) {
    String letters = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder out = new StringBuilder(length);
    out.append((char) ('a' + random.nextInt(26)));
    while (out.length() < length) {
      out.append(letters.charAt(random.nextInt(letters.length())));
    }
    return out.toString();
  }

  /** The same value as JSON of another type: a number as a string, an object as a list, and so on. */
  JsonNode wrongType(JsonNode value) {
    return switch (random.nextInt(7)) {
      case 0 -> NODES.textNode(value.toString());
      case 1 -> NODES.numberNode(1.5);
      case 2 -> NODES.booleanNode(true);
      case 3 -> NODES.nullNode();
      case 4 -> NODES.arrayNode().add(value);
      case 5 -> NODES.objectNode().set("value", value);
      default -> NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
    };
  }

  private boolean broken() {
    return random.nextDouble() < breakChance;
  }
}
