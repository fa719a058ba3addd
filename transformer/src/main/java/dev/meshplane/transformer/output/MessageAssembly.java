package dev.meshplane.transformer.output;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A message written field by field in field number order from raw fields and encoded pieces, with
 * its digest as {@link dev.meshplane.transformer.reconcile.ContentHash#of} computes it from the bytes (raw fields
 * as their bytes, a piece as its tag and digest), but without copying the pieces' bytes until the
 * whole payload is written ({@link Assembled#writeTo}). Not thread-safe; one message at a time.
 */
final class MessageAssembly {
  private static final Object[] NO_PARTS = {};

  /** Per part: the field's tag for a piece, 0 for raw bytes (which carry their own tags). */
  private int[] tags = new int[8];
  private Object[] parts = new Object[8];
  private int count;
  private int size;
  /** What the digest covers, in order; hashed in one call when the message is done. */
  private byte[] hashed = new byte[256];
  private int hashedLength;

  /** Fields the plan does not descend into, encoded with their tags. */
  MessageAssembly raw(byte[] fields) {
    if (fields.length > 0) {
      add(0, fields);
      size += fields.length;
      hash(fields, fields.length);
    }
    return this;
  }

  /** A length-delimited field hashed as its tag and its piece's digest. */
  MessageAssembly child(int fieldNumber, EncodedPiece piece) {
    int tag = lengthDelimitedTag(fieldNumber);
    add(tag, piece);
    size += CodedOutputStream.computeUInt32SizeNoTag(tag) + CodedOutputStream.computeUInt32SizeNoTag(piece.size())
        + piece.size();
    ensureHashed(5 + piece.digest().length);
    hashedLength = writeVarint(tag, hashed, hashedLength);
    byte[] digest = piece.digest();
    System.arraycopy(digest, 0, hashed, hashedLength, digest.length);
    hashedLength += digest.length;
    return this;
  }

  /** The message so far, digested with {@code sha}; this assembly is empty again. */
  Assembled build(MessageDigest sha) {
    sha.update(hashed, 0, hashedLength);
    Assembled assembled = new Assembled(Arrays.copyOf(tags, count), Arrays.copyOf(parts, count), size, sha.digest());
    Arrays.fill(parts, 0, count, null);
    count = 0;
    size = 0;
    hashedLength = 0;
    return assembled;
  }

  private void add(int tag, Object part) {
    if (count == parts.length) {
      tags = Arrays.copyOf(tags, count * 2);
      parts = Arrays.copyOf(parts, count * 2);
    }
    tags[count] = tag;
    parts[count++] = part;
  }

  private void hash(byte[] bytes, int length) {
    ensureHashed(length);
    System.arraycopy(bytes, 0, hashed, hashedLength, length);
    hashedLength += length;
  }

  private void ensureHashed(int more) {
    if (hashedLength + more > hashed.length) {
      hashed = Arrays.copyOf(hashed, Math.max(hashed.length * 2, hashedLength + more));
    }
  }

  /** The tag of a length-delimited field. */
  static int lengthDelimitedTag(int fieldNumber) {
    return fieldNumber << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  }

  /** {@code value} as an unsigned varint at {@code at}; returns the offset after it. */
  static int writeVarint(int value, byte[] into, int at) {
    int remaining = value;
    while ((remaining & ~0x7F) != 0) {
      into[at++] = (byte) ((remaining & 0x7F) | 0x80);
      remaining >>>= 7;
    }
    into[at++] = (byte) remaining;
    return at;
  }

  /** An assembled message: its parts are written where the payload puts it. */
  record Assembled(int[] tags, Object[] parts, int size, byte[] digest) implements EncodedPiece {
    Assembled {
      parts = parts.length == 0 ? NO_PARTS : parts;
    }

    @Override
    public int writeTo(byte[] into, int at) {
      int offset = at;
      for (int i = 0; i < parts.length; i++) {
        if (tags[i] == 0) {
          byte[] raw = (byte[]) parts[i];
          System.arraycopy(raw, 0, into, offset, raw.length);
          offset += raw.length;
        } else {
          EncodedPiece piece = (EncodedPiece) parts[i];
          offset = writeVarint(tags[i], into, offset);
          offset = writeVarint(piece.size(), into, offset);
          offset = piece.writeTo(into, offset);
        }
      }
      return offset;
    }

    /** The bytes, in an array of their own. */
    byte[] toByteArray() {
      byte[] bytes = new byte[size];
      writeTo(bytes, 0);
      return bytes;
    }
  }
}
