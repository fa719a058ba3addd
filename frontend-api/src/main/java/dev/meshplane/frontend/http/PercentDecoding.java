package dev.meshplane.frontend.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict decoding of what a request carries as text: percent-encoded UTF-8 (path segments, query
 * names and values) and UTF-8 bodies. Malformed escapes and byte sequences that are not UTF-8
 * (an encoded lone surrogate among them) are refused rather than replaced with U+FFFD, so a
 * request can never name something other than what its bytes say.
 */
final class PercentDecoding {
  private PercentDecoding() {}

  /** Thrown with a description of the first problem found. */
  static final class MalformedException extends Exception {
    MalformedException(String message) {
      super(message);
    }
  }

  /** Percent-decodes {@code text} (a literal '+' stays '+') and decodes the bytes as UTF-8. */
  static String decode(String text) throws MalformedException {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '%') {
        byte[] literal = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(literal, 0, literal.length);
        continue;
      }
      int high = i + 1 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
      int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
      if (high < 0 || low < 0) {
        throw new MalformedException("'%' at index " + i + " is not followed by two hex digits");
      }
      bytes.write(high * 16 + low);
      i += 2;
    }
    return utf8(bytes.toByteArray());
  }

  /** The bytes as UTF-8 text; refused when they are not UTF-8. */
  static String utf8(byte[] bytes) throws MalformedException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedException("the bytes are not UTF-8 (" + e.getMessage() + ")");
    }
  }
}
