package dev.meshplane.auth.sigv4;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The SigV4 canonical request, as the AWS SDKs and CLI build it for services other than S3: the path
 * is normalized and its (already encoded) segments encoded again; query names and values RFC 3986
 * encoded and sorted; signed header values trimmed with inner whitespace collapsed.
 */
final class CanonicalRequest {
  private CanonicalRequest() {}

  static String of(SignedRequest request, List<String> signedHeaders) throws AuthenticationException {
    StringBuilder out = new StringBuilder(512);
    out.append(request.method().toUpperCase()).append('\n');
    out.append(canonicalUri(request.path())).append('\n');
    out.append(canonicalQuery(request.rawQuery())).append('\n');
    for (String name : signedHeaders) {
      List<String> values = request.headers().get(name);
      if (values == null) {
        throw new AuthenticationException(AuthenticationException.Reason.MALFORMED,
            "Authorization header is malformed: signed header '" + name + "' is not in the request.");
      }
      out.append(name).append(':');
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        appendCollapsed(out, values.get(i).trim());
      }
      out.append('\n');
    }
    out.append('\n').append(String.join(";", signedHeaders)).append('\n');
    out.append(request.payloadHash());
    return out.toString();
  }

  /** Appends the value with each run of whitespace ({@code \\s}: space, tab, line breaks) as one space. */
  static void appendCollapsed(StringBuilder out, String value) {
    boolean inWhitespace = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
        if (!inWhitespace) {
          out.append(' ');
          inWhitespace = true;
        }
      } else {
        out.append(c);
        inWhitespace = false;
      }
    }
  }

  static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    String normalized = rawPath;
    try {
      // Dot segments removed as the SDKs do (NORMALIZE_PATH); the path stays in its wire (encoded) form.
      normalized = URI.create(rawPath).normalize().getRawPath();
    } catch (IllegalArgumentException e) {
      // not a valid URI path as sent: sign it as given, encoded once more below
    }
    String encoded = encode(normalized, false);
    boolean trailingSlashAdded = encoded.length() > 1 && encoded.endsWith("/") && !rawPath.endsWith("/");
    return trailingSlashAdded ? encoded.substring(0, encoded.length() - 1) : encoded;
  }

  static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      // decoded to bytes and encoded again: the canonical form of exactly the bytes sent, UTF-8 or not
      byte[] name = decode(eq < 0 ? part : part.substring(0, eq));
      byte[] value = eq < 0 ? new byte[0] : decode(part.substring(eq + 1));
      if (name.length == 0) {
        continue;
      }
      pairs.add(new String[] {encode(name, true), encode(value, true)});
    }
    pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
    StringBuilder out = new StringBuilder();
    for (String[] pair : pairs) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(pair[0]).append('=').append(pair[1]);
    }
    return out.toString();
  }

  /** RFC 3986 encoding: everything but unreserved characters (and '/' when not encodeSlash). */
  static String encode(String value, boolean encodeSlash) {
    return encode(value.getBytes(StandardCharsets.UTF_8), encodeSlash);
  }

  static String encode(byte[] value, boolean encodeSlash) {
    StringBuilder out = new StringBuilder(value.length + 16);
    for (byte b : value) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /**
   * Percent-decoding to bytes, not text: a query that is not UTF-8 is signed over what was sent.
   * A literal '+' stays a '+', as the SDKs encode a space as %20.
   */
  static byte[] decode(String value) {
    if (value.indexOf('%') < 0) {
      return value.getBytes(StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%' && i + 2 < value.length()
          && Character.digit(value.charAt(i + 1), 16) >= 0 && Character.digit(value.charAt(i + 2), 16) >= 0) {
        bytes.write(Character.digit(value.charAt(i + 1), 16) * 16 + Character.digit(value.charAt(i + 2), 16));
        i += 2;
      } else {
        byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(raw, 0, raw.length);
      }
    }
    return bytes.toByteArray();
  }
}
