package dev.meshplane.transformer.output;

/**
 * Encoded protobuf bytes with their {@link dev.meshplane.transformer.reconcile.ContentHash} digest,
 * written into a payload only once the payload's size is known: a payload is one array filled
 * once, not a rope of parts copied again (the 100-route mesh's payloads are ~400 MiB a pass).
 */
sealed interface EncodedPiece permits EncodedPiece.Leaf, MessageAssembly.Assembled {
  /** Bytes written by {@link #writeTo}. */
  int size();

  /** SHA-256 under the content hash's plan for this piece. */
  byte[] digest();

  /** Writes the bytes at {@code at}; returns the offset after them. */
  int writeTo(byte[] into, int at);

  /** Bytes hashed whole ({@code ContentHash.Plan.LEAF}). */
  record Leaf(byte[] bytes, byte[] digest) implements EncodedPiece {
    @Override
    public int size() {
      return bytes.length;
    }

    @Override
    public int writeTo(byte[] into, int at) {
      System.arraycopy(bytes, 0, into, at, bytes.length);
      return at + bytes.length;
    }
  }
}
