package dev.meshplane.frontend.rules;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.meshplane.model.ProtoJson;
import dev.meshplane.store.StoredResource;

/** Conversions between the dynamic messages the request binder builds and the typed specs. */
public final class Specs {
  private Specs() {}

  @SuppressWarnings("unchecked")
  public static <T extends Message> T typed(Message spec, T defaultInstance) {
    if (defaultInstance.getClass().isInstance(spec)) {
      return (T) spec;
    }
    if (!spec.getDescriptorForType().equals(defaultInstance.getDescriptorForType())) {
      throw new IllegalArgumentException(
          "expected " + defaultInstance.getDescriptorForType().getName() + ", got " + spec.getDescriptorForType().getName());
    }
    try {
      // Same descriptor in the same process: the binary form is only an in-memory bridge here.
      return (T) defaultInstance.getParserForType().parseFrom(spec.toByteString());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The typed spec of a stored resource (trusted JSON that this frontend wrote). */
  public static <T extends Message> T of(StoredResource resource, T defaultInstance) {
    return ProtoJson.parse(resource.specJson(), defaultInstance);
  }
}
