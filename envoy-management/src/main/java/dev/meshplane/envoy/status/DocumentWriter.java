package dev.meshplane.envoy.status;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Where a status document is written: arrays kept for the next document of their thread, so a
 * document allocates its text and little else. A {@link java.io.StringWriter} appends through a
 * {@link StringBuffer}, which looks at every char to keep its bytes compact; here a write is an
 * array copy and the text one copy at the end.
 */
final class DocumentWriter extends Writer {
  /** A larger array (a huge payload) is let go after its document, not kept for the next. */
  private static final int KEPT_CHARS = 1 << 20;
  private static final int FIRST_CHARS = 8 * 1024;

  private char[] chars = new char[FIRST_CHARS];
  private int length;
  /** For served documents: the payload's Base64, and the document's bytes around it. */
  private byte[] encoded = new byte[0];
  private byte[] bytes = new byte[0];

  /** Starts a document of about {@code sizeHint} chars. */
  DocumentWriter start(int sizeHint) {
    length = 0;
    if (chars.length < sizeHint) {
      chars = new char[sizeHint];
    }
    return this;
  }

  /** How many chars were written since {@link #start}. */
  int length() {
    return length;
  }

  /** The document written since {@link #start}. */
  String text() {
    String text = new String(chars, 0, length);
    letGoOfHugeArrays();
    return text;
  }

  /**
   * The document written since {@link #start} with the Base64 of {@code payload} put in at char
   * {@code at}: encoded by the JDK's encoder (many times faster than a generator's) and, when the
   * document is Latin-1 as it is but for odd names, made into the text with one copy.
   */
  String textWithBase64(int at, byte[] payload) {
    int encodedLength = 4 * ((payload.length + 2) / 3);
    if (!latin1()) {
      String text = new String(chars, 0, at) + Base64.getEncoder().encodeToString(payload)
          + new String(chars, at, length - at);
      letGoOfHugeArrays();
      return text;
    }
    encoded = atLeast(encoded, encodedLength);
    Base64.getEncoder().encode(payload, encoded);
    bytes = atLeast(bytes, length + encodedLength);
    for (int i = 0; i < at; i++) {
      bytes[i] = (byte) chars[i];
    }
    System.arraycopy(encoded, 0, bytes, at, encodedLength);
    for (int i = at; i < length; i++) {
      bytes[encodedLength + i] = (byte) chars[i];
    }
    String text = new String(bytes, 0, length + encodedLength, StandardCharsets.ISO_8859_1);
    letGoOfHugeArrays();
    return text;
  }

  @Override
  public void write(char[] source, int offset, int count) {
    room(count);
    System.arraycopy(source, offset, chars, length, count);
    length += count;
  }

  @Override
  public void write(String source, int offset, int count) {
    room(count);
    source.getChars(offset, offset + count, chars, length);
    length += count;
  }

  @Override
  public void write(int c) {
    room(1);
    chars[length++] = (char) c;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  private boolean latin1() {
    for (int i = 0; i < length; i++) {
      if (chars[i] > 0xFF) {
        return false;
      }
    }
    return true;
  }

  private static byte[] atLeast(byte[] array, int size) {
    return array.length >= size ? array : new byte[size];
  }

  private void letGoOfHugeArrays() {
    if (chars.length > KEPT_CHARS) {
      chars = new char[FIRST_CHARS];
    }
    if (bytes.length > KEPT_CHARS) {
      bytes = new byte[0];
      encoded = new byte[0];
    }
  }

  private void room(int more) {
    if (length + more > chars.length) {
      chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + more));
    }
  }
}
