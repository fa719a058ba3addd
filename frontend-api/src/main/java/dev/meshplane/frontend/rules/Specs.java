package dev.meshplane.frontend.rules;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.protobuf.Descriptors;
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

  /**
   * Stored specs parsed by their JSON text and type: the preconditions of every write read the same
   * router and node specs again and again, and parse them inside the journal's serialized write
   * transaction. Keyed by the text itself, an entry can never be stale; messages are immutable.
   */
  private static final Cache<ParseKey, Message> PARSED = Caffeine.newBuilder().maximumSize(1024).build();

  private record ParseKey(Class<?> type, Descriptors.Descriptor descriptor, String json) {}

  /** The typed spec of a stored resource (trusted JSON that this frontend wrote). */
  @SuppressWarnings("unchecked")
  public static <T extends Message> T of(StoredResource resource, T defaultInstance) {
    return (T) PARSED.get(new ParseKey(defaultInstance.getClass(), defaultInstance.getDescriptorForType(), resource.specJson()),
        key -> ProtoJson.parse(key.json(), defaultInstance));
  }
}
