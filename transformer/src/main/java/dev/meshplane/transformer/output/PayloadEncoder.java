package dev.meshplane.transformer.output;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.meshplane.transformer.reconcile.ContentHash;
import dev.meshplane.transformer.reconcile.ContentHash.Hashed;
import dev.meshplane.transformer.synth.EndpointResolution;
import dev.meshplane.transformer.synth.LastPassCache;
import dev.meshplane.transformer.synth.ProxyConfig;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Encodes proxies into their config store payloads, byte for byte what {@link
 * dev.meshplane.proxyconfig.StoredProxyConfigCodec#encode}{@code (}{@link ProxyConfigCodec#stored}{@code )} gives, with their
 * {@link ContentHash}, serializing and hashing each resource and virtual host once: a payload is
 * assembled from the bytes of its resources, a route configuration from those of its virtual
 * hosts, and the hash from their digests. Resources are recognized by identity, so what pieces
 * shared by many proxies (and kept across passes, {@link #startFullPass}) hold is encoded once.
 * Not thread-safe.
 */
public final class PayloadEncoder {
  private final LastPassCache<Message, Hashed> resources = new LastPassCache<>(IdentityHashMap::new);
  private final LastPassCache<VirtualHost, Hashed> virtualHosts = new LastPassCache<>(IdentityHashMap::new);
  private final LastPassCache<EndpointResolution, ByteString> resolutions = new LastPassCache<>(IdentityHashMap::new);

  /** A payload and its content hash. */
  public record Encoded(byte[] payload, String contentHash) {}

  /** Drops, from now on, what no pass has encoded since the last full pass started. */
  public void startFullPass() {
    resources.startFullPass();
    virtualHosts.startFullPass();
    resolutions.startFullPass();
  }

  /**
   * The digest this encoder gave {@code resource} (a resource, or a route configuration's virtual
   * host), as a key of what depends on its bytes alone; null when it holds none.
   */
  public byte[] digest(Object resource) {
    Hashed hashed = resource instanceof VirtualHost host ? virtualHosts.get(host)
        : resource instanceof Message message ? resources.get(message) : null;
    return hashed == null ? null : hashed.digest();
  }

  public Encoded encode(ProxyConfig sidecar, Optional<ProxyConfig> proxyless) {
    ContentHash.Writer stored = ContentHash.writer().child(1, envelope(sidecar));
    proxyless.ifPresent(p -> stored.child(2, envelope(p)));
    Hashed hashed = stored.build();
    return new Encoded(hashed.bytes().toByteArray(), ContentHash.hex(hashed.digest()));
  }

  /** {@link ProxyConfigCodec#envelope}: the resource lists (fields 2 to 5) from their encoded resources. */
  private Hashed envelope(ProxyConfig config) {
    ByteString key = dev.meshplane.model.internal.ProxyConfig.newBuilder().setProxyKey(config.key()).build()
        .toByteString();
    ContentHash.Writer envelope = ContentHash.writer().raw(key);
    config.listeners().forEach(l -> envelope.child(2, resource(l)));
    config.routeConfigurations().forEach(r -> envelope.child(3, routeConfiguration(r)));
    config.clusters().forEach(c -> envelope.child(4, resource(c)));
    config.clusterLoadAssignments().forEach(a -> envelope.child(5, resource(a)));
    // Every field but the key comes after the resources, in number order: endpoint resolutions
    // (6, each encoded once: they come from pieces many proxies share), then secrets, warnings, kind.
    config.endpointResolutions().forEach(r -> envelope.raw(resolutions.computeIfAbsent(r, PayloadEncoder::resolutionField)));
    ByteString rest = ProxyConfigCodec.envelope(new ProxyConfig("", config.kind(), List.of(), List.of(), List.of(),
        List.of(), List.of(), config.secrets(), config.warnings())).toByteString();
    return envelope.raw(rest).build();
  }

  /** An endpoint resolution as field 6 of the envelope: tag, length, bytes. */
  private static ByteString resolutionField(EndpointResolution resolution) {
    return dev.meshplane.model.internal.ProxyConfig.newBuilder()
        .addEndpointResolutions(ProxyConfigCodec.resolution(resolution)).build().toByteString();
  }

  private Hashed resource(Message resource) {
    return resources.computeIfAbsent(resource, r -> ContentHash.leaf(Any.pack(r).toByteString()));
  }

  /** An Any of a route configuration, hashed per {@link ContentHash#ROUTE_CONFIGURATION_ANY}. */
  private Hashed routeConfiguration(RouteConfiguration config) {
    Hashed known = resources.get(config);
    if (known != null) {
      return known;
    }
    // Fields in number order: the name (1), the virtual hosts (2), then the rest.
    ContentHash.Writer value = ContentHash.writer()
        .raw(RouteConfiguration.newBuilder().setName(config.getName()).build().toByteString());
    config.getVirtualHostsList().forEach(host ->
        value.child(2, virtualHosts.computeIfAbsent(host, h -> ContentHash.leaf(h.toByteString()))));
    value.raw(config.toBuilder().clearName().clearVirtualHosts().build().toByteString());
    Hashed any = ContentHash.writer()
        .raw(Any.newBuilder().setTypeUrl(typeUrl(config)).build().toByteString())
        .child(2, value.build())
        .build();
    resources.put(config, any);
    return any;
  }

  private static String typeUrl(Message message) {
    return "type.googleapis.com/" + message.getDescriptorForType().getFullName();
  }
}
