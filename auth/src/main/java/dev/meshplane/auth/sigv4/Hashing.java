package dev.meshplane.auth.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SHA-256 and HMAC-SHA256 as SigV4 uses them. Each thread keeps its digest and its Mac: looking
 * them up among the security providers costs more than hashing a request.
 */
public final class Hashing {
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  });
  private static final ThreadLocal<Mac> HMAC_SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  });

  private Hashing() {}

  /** Lower-case hex SHA-256 of the bytes: the payload hash of a {@link SignedRequest}. */
  public static String sha256Hex(byte[] bytes) {
    // digest() resets the digest, so the next use starts afresh
    return HexFormat.of().formatHex(SHA_256.get().digest(bytes));
  }

  static byte[] hmac(byte[] key, String data) {
    Mac mac = HMAC_SHA_256.get();
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("an HmacSHA256 key of any length is valid", e);
    }
    // doFinal() resets the Mac to its key, and the next use sets its own key first
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }
}
