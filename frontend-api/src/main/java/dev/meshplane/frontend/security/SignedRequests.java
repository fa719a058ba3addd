package dev.meshplane.frontend.security;

import dev.meshplane.auth.sigv4.Hashing;
import dev.meshplane.auth.sigv4.SignedRequest;
import io.micronaut.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a SigV4 signature covers, read from a Micronaut request exactly as it came over the wire. */
final class SignedRequests {
  private SignedRequests() {}

  static SignedRequest of(HttpRequest<?> request, byte[] body) {
    Map<String, List<String>> headers = new HashMap<>();
    for (String name : request.getHeaders().names()) {
      headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(request.getHeaders().getAll(name));
    }
    // getUri() is the request target as sent: path and query still percent-encoded
    return new SignedRequest(request.getMethodName(), request.getUri().getRawPath(), request.getUri().getRawQuery(),
        headers, Hashing.sha256Hex(body));
  }
}
