package dev.meshplane.envoy.snapshot;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.VersionedResource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * Content versions: a resource's version is the hash of its deterministic serialization, a type's
 * version the hash of its resources' names and versions. Equal content gives equal versions in
 * any process, so unchanged resources are not pushed again and a restart churns nothing.
 * (java-control-plane's default per-resource version hashes {@code Message.hashCode()}, which
 * differs between JVMs.)
 */
public final class ResourceVersions {
  private ResourceVersions() {}

  public static <T extends Message> VersionedResource<T> versioned(T resource) {
    return VersionedResource.create(resource, ofResource(resource));
  }

  public static String ofResource(Message resource) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    // Maps (metadata, typed_per_filter_config) would otherwise serialize in hash order.
    out.useDeterministicSerialization();
    try {
      resource.writeTo(out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sha256(bytes.toByteArray()).substring(0, 16);
  }

  /** The version of a resource stored serialized (by the transformer, deterministically): the hash of its bytes. */
  public static String ofBytes(com.google.protobuf.ByteString serialized) {
    return sha256(serialized.asReadOnlyByteBuffer()).substring(0, 16);
  }

  public static String ofType(Collection<? extends VersionedResource<?>> resources) {
    TreeMap<String, String> byName = new TreeMap<>();
    resources.forEach(r -> byName.put(Resources.getResourceName(r.resource()), r.version()));
    StringBuilder listing = new StringBuilder();
    byName.forEach((name, version) -> listing.append(name).append('=').append(version).append('\n'));
    // Short: it travels in every response and ACK; 16 hex digits leave collisions negligible.
    return sha256(listing.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }

  private static String sha256(byte[] bytes) {
    return sha256(java.nio.ByteBuffer.wrap(bytes));
  }

  private static String sha256(java.nio.ByteBuffer bytes) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(bytes);
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
