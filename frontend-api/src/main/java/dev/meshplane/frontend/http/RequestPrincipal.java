package dev.meshplane.frontend.http;

import io.micronaut.http.HttpRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who made a request, for the journal: the access key id of its SigV4 signature. Signatures are
 * not verified yet (a later issue adds SigV4 and policies); unsigned requests are "anonymous".
 */
final class RequestPrincipal {
  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");

  private RequestPrincipal() {}

  static String of(HttpRequest<?> request) {
    String authorization = request.getHeaders().get("Authorization");
    if (authorization != null) {
      Matcher matcher = CREDENTIAL.matcher(authorization);
      if (matcher.find()) {
        return matcher.group(1);
      }
    }
    return "anonymous";
  }
}
