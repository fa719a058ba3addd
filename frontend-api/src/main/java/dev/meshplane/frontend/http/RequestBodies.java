package dev.meshplane.frontend.http;

import dev.meshplane.frontend.api.ApiException;
import dev.meshplane.frontend.api.ErrorType;
import io.micronaut.http.HttpRequest;

/**
 * The JSON text of a request body: uncompressed UTF-8. The AWS SDKs and CLI never compress App
 * Mesh requests (the model declares no request compression), so a {@code Content-Encoding} other
 * than {@code identity} is refused with a clear message rather than inflated; the server's own
 * decompression is off (see {@code NettyServerSettings}), so the signature is checked over the
 * bytes as sent and a body that only claims to be gzip cannot fail inside the server.
 */
final class RequestBodies {
  private RequestBodies() {}

  static String text(HttpRequest<?> request, byte[] body) {
    for (String encoding : request.getHeaders().getAll("Content-Encoding")) {
      for (String coding : encoding.split(",")) {
        if (!coding.isBlank() && !coding.trim().equalsIgnoreCase("identity")) {
          throw new ApiException(ErrorType.BadRequestException,
              "Content-Encoding '" + coding.trim() + "' is not accepted: send the JSON body uncompressed"
                  + " (UTF-8, no Content-Encoding), as the AWS SDKs and CLI do");
        }
      }
    }
    try {
      return PercentDecoding.utf8(body);
    } catch (PercentDecoding.MalformedException e) {
      throw new ApiException(ErrorType.BadRequestException, "The request body is not UTF-8 JSON: " + e.getMessage());
    }
  }
}
