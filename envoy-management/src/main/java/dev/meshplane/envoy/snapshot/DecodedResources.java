package dev.meshplane.envoy.snapshot;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.VersionedResource;
import java.util.ArrayList;
import java.util.List;

/**
 * Stored resources decoded and versioned once per distinct content, for the whole process: proxies
 * share most of their clusters and routes, and a change leaves most of a proxy's resources as
 * they were, so a snapshot build decodes and hashes only what it has not seen. Keyed by the
 * stored bytes themselves (a hash lookup and one comparison, no cryptographic hash); the version
 * is the SHA-256 of those bytes, which the transformer writes deterministically, so equal content
 * has equal versions in every process. Bounded by the stored bytes it keeps.
 */
public final class DecodedResources {

  /** Default bound: the serialized size of the resources kept (decoded ones take a few times that). */
  public static final long DEFAULT_MAX_BYTES = 32L << 20;

  private record Key(String typeUrl, ByteString value) {}

  private final Cache<Key, VersionedResource<?>> cache;
  private final StoredResourceSerializer serializer;

  public DecodedResources() {
    this(DEFAULT_MAX_BYTES, new StoredResourceSerializer());
  }

  /** {@code serializer} learns which bytes each decoded resource came from, to send those. */
  public DecodedResources(long maxBytes, StoredResourceSerializer serializer) {
    this.serializer = serializer;
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .<Key, VersionedResource<?>>weigher((key, resource) -> Math.max(1, key.value().size()))
        .build();
  }

  /** The resources of one list of the stored envelope, decoded as {@code type}, with their versions. */
  public <T extends Message> List<VersionedResource<T>> decode(List<Any> stored, Class<T> type) {
    List<VersionedResource<T>> decoded = new ArrayList<>(stored.size());
    for (Any any : stored) {
      decoded.add(decode(any, type));
    }
    return decoded;
  }

  @SuppressWarnings("unchecked")
  private <T extends Message> VersionedResource<T> decode(Any any, Class<T> type) {
    VersionedResource<?> resource = cache.get(new Key(any.getTypeUrl(), any.getValue()), key -> unpack(any, type));
    if (!type.isInstance(resource.resource())) {
      // Same bytes, asked as another type (never in a well-formed envelope): decode without caching.
      return unpack(any, type);
    }
    return (VersionedResource<T>) resource;
  }

  private <T extends Message> VersionedResource<T> unpack(Any any, Class<T> type) {
    try {
      T resource = any.unpack(type);
      serializer.remember(resource, any);
      return VersionedResource.create(resource, ResourceVersions.ofBytes(any.getValue()));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("stored resource is not a " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
