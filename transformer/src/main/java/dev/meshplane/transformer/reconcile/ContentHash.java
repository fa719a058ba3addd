package dev.meshplane.transformer.reconcile;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The content version of a proxy config payload: a SHA-256 Merkle hash along the payload's
 * structure (variants → resources → a route configuration's virtual hosts), a function of the
 * payload's bytes alone. A message's digest is SHA-256 over its fields in wire order, each field
 * as its bytes, except the fields its {@link Plan} descends into, which count as their tag and
 * their own digest. So the synthesizer hashes a resource (or virtual host) shared by many proxies
 * once, not once per proxy ({@link Writer}), and anyone holding only the bytes ({@link #of}, the
 * reconciler's corruption check) gets the same hash.
 */
public final class ContentHash {
  private ContentHash() {}

  /** Which length-delimited fields of a message are hashed as their own digest, and how. */
  public record Plan(Map<Integer, Plan> children) {
    /** Hashed as its bytes. */
    public static final Plan LEAF = new Plan(Map.of());
  }

  /** RouteConfiguration: each virtual host (field 2) by its digest. */
  public static final Plan ROUTE_CONFIGURATION = new Plan(Map.of(2, Plan.LEAF));
  /** An Any holding a RouteConfiguration: its value (field 2). */
  public static final Plan ROUTE_CONFIGURATION_ANY = new Plan(Map.of(2, ROUTE_CONFIGURATION));
  /** meshplane.internal.v1.ProxyConfig: listeners, route configurations, clusters, load assignments. */
  public static final Plan ENVELOPE = new Plan(Map.of(2, Plan.LEAF, 3, ROUTE_CONFIGURATION_ANY, 4, Plan.LEAF, 5, Plan.LEAF));
  /** meshplane.internal.v1.StoredProxyConfig: its variants. */
  public static final Plan STORED_PROXY_CONFIG = new Plan(Map.of(1, ENVELOPE, 2, ENVELOPE));

  /** The hash of a stored payload, read from its bytes. */
  public static String of(byte[] payload) {
    try {
      return hex(digest(payload, 0, payload.length, STORED_PROXY_CONFIG));
    } catch (InvalidProtocolBufferException e) {
      // Not a payload the synthesizer wrote: a hash no synthesized payload has (hex digits only).
      return "malformed-" + hex(sha256().digest(payload));
    }
  }

  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  private static byte[] digest(byte[] bytes, int offset, int length, Plan plan) throws InvalidProtocolBufferException {
    MessageDigest sha = sha256();
    if (plan.children().isEmpty()) {
      sha.update(bytes, offset, length);
      return sha.digest();
    }
    CodedInputStream in = CodedInputStream.newInstance(bytes, offset, length);
    try {
      while (true) {
        int start = in.getTotalBytesRead();
        int tag = in.readTag();
        if (tag == 0) {
          return sha.digest();
        }
        Plan child = plan.children().get(WireFormat.getTagFieldNumber(tag));
        if (child != null && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          sha.update(bytes, offset + start, in.getTotalBytesRead() - start);
          int size = in.readRawVarint32();
          int at = in.getTotalBytesRead();
          if (size < 0 || at + size > length) {
            throw new InvalidProtocolBufferException("field runs past its message");
          }
          sha.update(digest(bytes, offset + at, size, child));
          in.skipRawBytes(size);
        } else {
          in.skipField(tag);
          sha.update(bytes, offset + start, in.getTotalBytesRead() - start);
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
