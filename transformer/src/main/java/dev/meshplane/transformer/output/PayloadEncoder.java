package dev.meshplane.transformer.output;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import dev.meshplane.transformer.reconcile.ContentHash;
import dev.meshplane.transformer.synth.EndpointResolution;
import dev.meshplane.transformer.synth.LastPassCache;
import dev.meshplane.transformer.synth.ProxyConfig;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Encodes proxies into their config store payloads, byte for byte what {@link
 * dev.meshplane.proxyconfig.StoredProxyConfigCodec#encode}{@code (}{@link ProxyConfigCodec#stored}{@code )} gives, with their
 * {@link ContentHash}, serializing and hashing each resource and virtual host once: a payload is
 * assembled from the bytes of its resources, a route configuration from those of its virtual
 * hosts, and the hash from their digests. Resources are recognized by identity, so what pieces
 * shared by many proxies (and kept across passes, {@link #startFullPass}) hold is encoded once.
 * A payload's bytes are written once, into an array of its size ({@link MessageAssembly}).
 * Not thread-safe.
 */
public final class PayloadEncoder {
  private static final int ANY_VALUE_TAG = MessageAssembly.lengthDelimitedTag(2);

  private final LastPassCache<Message, EncodedPiece> resources = new LastPassCache<>(IdentityHashMap::new);
  private final LastPassCache<VirtualHost, EncodedPiece> virtualHosts = new LastPassCache<>(IdentityHashMap::new);
  private final LastPassCache<EndpointResolution, byte[]> resolutions = new LastPassCache<>(IdentityHashMap::new);
  /** An Any's type URL field (1) per message type. */
  private final Map<Descriptor, byte[]> typeUrls = new HashMap<>();
  private final MessageDigest sha = sha256();
  // One per nesting level: a payload holds envelopes, which hold route configurations in their Any.
  private final MessageAssembly stored = new MessageAssembly();
  private final MessageAssembly envelope = new MessageAssembly();
  private final MessageAssembly routeAny = new MessageAssembly();
  private final MessageAssembly routeValue = new MessageAssembly();

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
    EncodedPiece piece = resource instanceof VirtualHost host ? virtualHosts.get(host)
        : resource instanceof Message message ? resources.get(message) : null;
    return piece == null ? null : piece.digest();
  }

  public Encoded encode(ProxyConfig sidecar, Optional<ProxyConfig> proxyless) {
    EncodedPiece sidecarEnvelope = envelope(sidecar);
    EncodedPiece proxylessEnvelope = proxyless.map(this::envelope).orElse(null);
    stored.child(1, sidecarEnvelope);
    if (proxylessEnvelope != null) {
      stored.child(2, proxylessEnvelope);
    }
    MessageAssembly.Assembled payload = stored.build(sha);
    return new Encoded(payload.toByteArray(), ContentHash.hex(payload.digest()));
  }

  /** {@link ProxyConfigCodec#envelope}: the resource lists (fields 2 to 5) from their encoded resources. */
  private EncodedPiece envelope(ProxyConfig config) {
    // Route configurations first: each is a message of its own, assembled before the envelope is.
    List<RouteConfiguration> routeConfigurations = config.routeConfigurations();
    EncodedPiece[] routes = new EncodedPiece[routeConfigurations.size()];
    for (int i = 0; i < routes.length; i++) {
      routes[i] = routeConfiguration(routeConfigurations.get(i));
    }
    envelope.raw(stringField(1, config.key()));
    for (Message listener : config.listeners()) {
      envelope.child(2, resource(listener));
    }
    for (EncodedPiece route : routes) {
      envelope.child(3, route);
    }
    for (Message cluster : config.clusters()) {
      envelope.child(4, resource(cluster));
    }
    for (Message assignment : config.clusterLoadAssignments()) {
      envelope.child(5, resource(assignment));
    }
    // Every field but the key comes after the resources, in number order: endpoint resolutions
    // (6, each encoded once: they come from pieces many proxies share), then secrets, warnings, kind.
    for (EndpointResolution resolution : config.endpointResolutions()) {
      envelope.raw(resolutions.computeIfAbsent(resolution, PayloadEncoder::resolutionField));
    }
    envelope.raw(ProxyConfigCodec.envelope(new ProxyConfig("", config.kind(), List.of(), List.of(), List.of(),
        List.of(), List.of(), config.secrets(), config.warnings())).toByteArray());
    return envelope.build(sha);
  }

  /** An endpoint resolution as field 6 of the envelope: tag, length, bytes. */
  private static byte[] resolutionField(EndpointResolution resolution) {
    return dev.meshplane.model.internal.ProxyConfig.newBuilder()
        .addEndpointResolutions(ProxyConfigCodec.resolution(resolution)).build().toByteArray();
  }

  private EncodedPiece resource(Message resource) {
    EncodedPiece known = resources.get(resource);
    if (known == null) {
      known = leaf(any(resource));
      resources.put(resource, known);
    }
    return known;
  }

  /** {@code Any.pack(message).toByteArray()}, serializing the message once, straight into the Any's bytes. */
  private byte[] any(Message message) {
    byte[] typeUrl = typeUrl(message);
    int valueSize = message.getSerializedSize();
    // An Any leaves out an empty value, as it does every empty proto3 field.
    int size = typeUrl.length + (valueSize == 0 ? 0
        : CodedOutputStream.computeUInt32SizeNoTag(ANY_VALUE_TAG) + CodedOutputStream.computeUInt32SizeNoTag(valueSize)
            + valueSize);
    byte[] bytes = new byte[size];
    System.arraycopy(typeUrl, 0, bytes, 0, typeUrl.length);
    if (valueSize > 0) {
      int at = MessageAssembly.writeVarint(ANY_VALUE_TAG, bytes, typeUrl.length);
      at = MessageAssembly.writeVarint(valueSize, bytes, at);
      write(message, bytes, at, valueSize);
    }
    return bytes;
  }

  /** An Any of a route configuration, hashed per {@link ContentHash#ROUTE_CONFIGURATION_ANY}. */
  private EncodedPiece routeConfiguration(RouteConfiguration config) {
    EncodedPiece known = resources.get(config);
    if (known != null) {
      return known;
    }
    // Fields in number order: the name (1), the virtual hosts (2), then the rest.
    byte[] name = stringField(1, config.getName());
    routeValue.raw(name);
    int hostsSize = 0;
    for (VirtualHost host : config.getVirtualHostsList()) {
      EncodedPiece encoded = virtualHosts.get(host);
      if (encoded == null) {
        encoded = leaf(host.toByteArray());
        virtualHosts.put(host, encoded);
      }
      routeValue.child(2, encoded);
      hostsSize += CodedOutputStream.computeMessageSizeNoTag(host) + 1;
    }
    // Sizes are memoized by the messages: a configuration of a name and virtual hosts (all of the
    // synthesizer's) has no rest to copy out.
    if (config.getSerializedSize() != name.length + hostsSize) {
      routeValue.raw(config.toBuilder().clearName().clearVirtualHosts().build().toByteArray());
    }
    EncodedPiece value = routeValue.build(sha);
    EncodedPiece any = routeAny.raw(typeUrl(config)).child(2, value).build(sha);
    resources.put(config, any);
    return any;
  }

  private EncodedPiece.Leaf leaf(byte[] bytes) {
    sha.update(bytes);
    return new EncodedPiece.Leaf(bytes, sha.digest());
  }

  /** The Any's field 1 for the message's type. */
  private byte[] typeUrl(Message message) {
    return typeUrls.computeIfAbsent(message.getDescriptorForType(),
        type -> stringField(1, "type.googleapis.com/" + type.getFullName()));
  }

  /** A proto3 string field with its tag; nothing when empty. */
  private static byte[] stringField(int fieldNumber, String value) {
    if (value.isEmpty()) {
      return new byte[0];
    }
    byte[] bytes = new byte[CodedOutputStream.computeStringSize(fieldNumber, value)];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      out.writeString(fieldNumber, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.checkNoSpaceLeft();
    return bytes;
  }

  private static void write(Message message, byte[] into, int at, int size) {
    CodedOutputStream out = CodedOutputStream.newInstance(into, at, size);
    try {
      message.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.checkNoSpaceLeft();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
