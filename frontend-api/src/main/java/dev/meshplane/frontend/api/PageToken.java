package dev.meshplane.frontend.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code nextToken} of listings: the position after which the next page starts,
 * prefixed so that a token of one listing is not mistaken for another's.
 */
public final class PageToken {
  private PageToken() {}

  public static String encode(String scope, String position) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((scope + "\n" + position).getBytes(StandardCharsets.UTF_8));
  }

  /** The position in a token this API issued for the same scope; a BadRequest otherwise. */
  public static String decode(String scope, String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int newline = text.indexOf('\n');
      if (newline > 0 && text.substring(0, newline).equals(scope)) {
        return text.substring(newline + 1);
      }
    } catch (IllegalArgumentException e) {
      // fall through to the error below
    }
    throw new ApiException(
        ErrorType.BadRequestException,
        "nextToken: is not a token returned by this listing; start again without nextToken");
  }
}
