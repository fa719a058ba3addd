package dev.meshplane.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.io.IOException;

/**
 * Reads JSON that this process wrote (stored specs) straight from Jackson's token stream into a
 * builder, without the tree {@link ProtoJson#merge} walks: the first pass after a start parses
 * every spec of every mesh, and building the tree was half of parsing.
 *
 * <p>It takes only the plain shape {@link ProtoJson#toJsonString} writes. On anything else (an
 * unknown member, a value of another type, a whole number written as a decimal, a member given
 * twice as a list) it answers false and the caller parses with the tree, which accepts the same
 * documents and names every problem: the result of an accepted document is the tree's.
 */
final class StreamedSpecReader {
  private StreamedSpecReader() {}

  /** True when {@code json} was read into {@code builder} whole; false: use the tree instead. */
  static boolean read(JsonFactory factory, String json, Message.Builder builder) {
    try (JsonParser parser = factory.createParser(json)) {
      return parser.nextToken() == JsonToken.START_OBJECT && readObject(parser, builder) && parser.nextToken() == null;
    } catch (IOException notJson) {
      return false;
    }
  }

  /** Reads members up to the object's end; the parser is on its START_OBJECT. */
  private static boolean readObject(JsonParser parser, Message.Builder builder) throws IOException {
    for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
      FieldDescriptor field = ProtoJson.fieldByJsonName(builder.getDescriptorForType(), name);
      if (field == null) {
        return false;
      }
      JsonToken token = parser.nextToken();
      if (token == JsonToken.VALUE_NULL) {
        continue;
      }
      if (!field.isRepeated()) {
        Object value = value(parser, token, field, builder);
        if (value == null) {
          return false;
        }
        builder.setField(field, value);
      } else {
        // A list given twice: the tree keeps the last one, this would append both.
        if (token != JsonToken.START_ARRAY || builder.getRepeatedFieldCount(field) > 0) {
          return false;
        }
        for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
          Object value = value(parser, element, field, builder);
          if (value == null) {
            return false;
          }
          builder.addRepeatedField(field, value);
        }
      }
    }
    return parser.currentToken() == JsonToken.END_OBJECT;
  }

  /** The value at {@code token}, or null when it is not one this reader takes. */
  private static Object value(JsonParser parser, JsonToken token, FieldDescriptor field, Message.Builder parent)
      throws IOException {
    switch (field.getJavaType()) {
      case MESSAGE -> {
        if (token != JsonToken.START_OBJECT) {
          return null;
        }
        Message.Builder child = parent.newBuilderForField(field);
        return readObject(parser, child) ? child.build() : null;
      }
      case STRING -> {
        return token == JsonToken.VALUE_STRING ? parser.getText() : null;
      }
      case BOOLEAN -> {
        return token == JsonToken.VALUE_TRUE ? Boolean.TRUE : token == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
      }
      case INT -> {
        return token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT
            ? parser.getIntValue() : null;
      }
      case LONG -> {
        if (ProtoJson.isTimestamp(field)) {
          return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT
              ? ProtoJson.epochMillis(parser.getDecimalValue()) : null;
        }
        return token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER
            ? parser.getLongValue() : null;
      }
      default -> {
        return null;
      }
    }
  }
}
