package dev.meshplane.frontend.api;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.meshplane.model.ProtoJson;
import java.util.List;

/** Reads members of a bound input message by their App Mesh (JSON) names. */
final class Inputs {
  private Inputs() {}

  static FieldDescriptor field(Message input, String member) {
    FieldDescriptor field = ProtoJson.fieldByJsonName(input.getDescriptorForType(), member);
    if (field == null) {
      throw new IllegalArgumentException(input.getDescriptorForType().getName() + " has no member " + member);
    }
    return field;
  }

  /** False also when the operation's input has no such member (CreateMesh has no meshOwner). */
  static boolean has(Message input, String member) {
    FieldDescriptor field = ProtoJson.fieldByJsonName(input.getDescriptorForType(), member);
    if (field == null) {
      return false;
    }
    return field.isRepeated() ? input.getRepeatedFieldCount(field) > 0 : input.hasField(field);
  }

  static String string(Message input, String member) {
    return has(input, member) ? (String) input.getField(field(input, member)) : null;
  }

  static Integer integer(Message input, String member) {
    return has(input, member) ? (Integer) input.getField(field(input, member)) : null;
  }

  static Message message(Message input, String member) {
    return has(input, member) ? (Message) input.getField(field(input, member)) : null;
  }

  @SuppressWarnings("unchecked")
  static <T> List<T> list(Message input, String member) {
    return (List<T>) input.getField(field(input, member));
  }
}
