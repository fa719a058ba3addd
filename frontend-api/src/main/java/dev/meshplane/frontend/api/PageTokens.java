package dev.meshplane.frontend.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The opaque {@code nextToken} of every listing: the position after which the next page starts,
 * with an HMAC-SHA256 over the listing's scope and that position.
 *
 * <p>The key is the store's shared key ({@code JournaledStore.sharedKey}), made once in the
 * store and read by every frontend on it, so a token issued by one frontend behind a load
 * balancer is accepted by the others, and survives restarts; a per-process key would break paging
 * across frontends, and an unsigned token lets a client page from positions the API never gave
 * out. A token that was altered, forged, issued for another listing (the scope is in the MAC) or
 * by another store is refused as a BadRequest; listings still range-check the position.
 */
public final class PageTokens {
  /** 128 bits of the MAC: plenty against guessing, and a shorter token. */
  private static final int MAC_BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final byte[] key;

  public PageTokens(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException("a page token key needs at least 128 bits");
    }
    this.key = key.clone();
  }

  public String issue(String scope, String position) {
    byte[] positionBytes = position.getBytes(StandardCharsets.UTF_8);
    return ENCODER.encodeToString(positionBytes) + "." + ENCODER.encodeToString(mac(scope, positionBytes));
  }

  /** The position in a token this API issued for the same listing; a BadRequest otherwise. */
  public String position(String scope, String token) {
    int dot = token.indexOf('.');
    if (dot > 0 && dot == token.lastIndexOf('.')) {
      try {
        byte[] positionBytes = DECODER.decode(token.substring(0, dot));
        byte[] mac = DECODER.decode(token.substring(dot + 1));
        if (MessageDigest.isEqual(mac, mac(scope, positionBytes))) {
          return new String(positionBytes, StandardCharsets.UTF_8);
        }
      } catch (IllegalArgumentException e) {
        // not base64url: the same refusal as a wrong MAC
      }
    }
    throw invalid();
  }

  /** The refusal of a token that is well-formed and signed but names a position the listing cannot have. */
  public static ApiException invalid() {
    return new ApiException(
        ErrorType.BadRequestException,
        "nextToken: is not a token returned by this listing (altered, or from another listing); "
            + "start again without nextToken");
  }

  private byte[] mac(String scope, byte[] position) {
    byte[] scopeBytes = scope.getBytes(StandardCharsets.UTF_8);
    // scope, a NUL (never in a scope), then the position: no two (scope, position) pairs sign the same bytes
    byte[] signed = Arrays.copyOf(scopeBytes, scopeBytes.length + 1 + position.length);
    System.arraycopy(position, 0, signed, scopeBytes.length + 1, position.length);
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Arrays.copyOf(hmac.doFinal(signed), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
