package dev.meshplane.auth.sigv4;

import java.util.List;
import java.util.Map;

/**
 * What a SigV4 signature covers. Header names lower-cased; path as sent on the wire (not decoded);
 * rawQuery as sent (may be null or empty); payloadHash the lower-case hex SHA-256 of the exact body bytes.
 */
public record SignedRequest(String method, String path, String rawQuery, Map<String, List<String>> headers, String payloadHash) {
  public SignedRequest {
    headers = Map.copyOf(headers);
  }

  /** The first value of a (lower-case) header, or null. */
  public String header(String lowerCaseName) {
    List<String> values = headers.get(lowerCaseName);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
