package dev.meshplane.envoy.snapshot;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.server.serializer.ProtoResourcesSerializer;

/**
 * Packs a response's resources from the bytes the transformer stored when the resource was decoded
 * from them. A change sends the same decoded resource to every proxy that uses it, and packing it
 * afresh serialized it once per response: a tenth of the xDS side's CPU in a change every proxy
 * sees, and a copy per proxy for the collector. Other resources (secrets, endpoints resolved here)
 * are packed as java-control-plane packs them.
 *
 * <p>Keyed by the decoded message's identity, weakly: an entry lives as long as some snapshot or
 * {@link DecodedResources} holds the message, and equal messages from other sources never match.
 */
public final class StoredResourceSerializer implements ProtoResourcesSerializer {
  private static final String TYPE_URL_PREFIX = "type.googleapis.com/";

  private final Cache<Message, Any> stored = Caffeine.newBuilder().weakKeys().build();

  /**
   * {@code decoded} came from exactly {@code from}'s bytes. Kept only when {@code from} names the
   * type as {@link Any#pack} would, so a response never differs from a packed one but in encoding.
   */
  void remember(Message decoded, Any from) {
    if (from.getTypeUrl().equals(TYPE_URL_PREFIX + decoded.getDescriptorForType().getFullName())) {
      stored.put(decoded, from);
    }
  }

  @Override
  public Any serialize(Message resource, Resources.ApiVersion apiVersion) {
    Any any = stored.getIfPresent(resource);
    return any != null ? any : Any.pack(resource);
  }
}
