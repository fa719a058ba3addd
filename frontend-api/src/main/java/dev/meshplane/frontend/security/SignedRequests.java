package dev.meshplane.frontend.security;

import dev.meshplane.auth.sigv4.Hashing;
import dev.meshplane.auth.sigv4.SignedRequest;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.netty.NettyHttpHeaders;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a SigV4 signature covers, read from a Micronaut request exactly as it came over the wire. */
final class SignedRequests {
  private SignedRequests() {}

  static SignedRequest of(HttpRequest<?> request, byte[] body) {
    // getUri() is the request target as sent: path and query still percent-encoded
    return new SignedRequest(request.getMethodName(), request.getUri().getRawPath(), request.getUri().getRawQuery(),
        headers(request.getHeaders()), Hashing.sha256Hex(body));
  }

  /** Every header by lower-case name, values in the order received. */
  private static Map<String, List<String>> headers(HttpHeaders headers) {
    Map<String, List<String>> byName = new HashMap<>();
    if (headers instanceof NettyHttpHeaders netty) {
      // Netty's headers in one pass: names() and getAll(name) copied the set and looked each name up again
      for (Iterator<Map.Entry<CharSequence, CharSequence>> entries = netty.getNettyHeaders().iteratorCharSequence();
          entries.hasNext(); ) {
        Map.Entry<CharSequence, CharSequence> entry = entries.next();
        byName.computeIfAbsent(entry.getKey().toString().toLowerCase(Locale.ROOT), n -> new ArrayList<>(1))
            .add(entry.getValue().toString());
      }
      return byName;
    }
    for (String name : headers.names()) {
      byName.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(headers.getAll(name));
    }
    return byName;
  }
}
