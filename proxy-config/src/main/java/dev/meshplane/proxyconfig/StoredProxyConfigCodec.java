package dev.meshplane.proxyconfig;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.meshplane.model.internal.StoredProxyConfig;
import java.util.List;

/**
 * The config store payload of a proxy as bytes: the {@code StoredProxyConfig} envelope of
 * {@code proto/}, and its resources unpacked into their Envoy types. The transformer builds the
 * envelope; envoy-management and the frontend only read it.
 */
public final class StoredProxyConfigCodec {
  private StoredProxyConfigCodec() {}

  public static byte[] encode(StoredProxyConfig stored) {
    return stored.toByteArray();
  }

  public static StoredProxyConfig decode(byte[] payload) {
    try {
      return StoredProxyConfig.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a proxy config payload: " + e.getMessage(), e);
    }
  }

  /** Unpacks one resource list of the envelope into its Envoy type. */
  public static <T extends Message> List<T> unpack(List<Any> resources, Class<T> type) {
    return resources.stream().map(any -> {
      try {
        return any.unpack(type);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalArgumentException("resource is not a " + type.getSimpleName(), e);
      }
    }).toList();
  }
}
