package dev.meshplane.transformer.synth;

import dev.meshplane.transformer.synth.resolve.PortProtocol;
import dev.meshplane.transformer.synth.resolve.ResolvedBackend;
import dev.meshplane.transformer.synth.resolve.TlsOrigination;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Pieces of configuration that many proxies of one synthesis pass build alike (a backend's virtual
 * host and the clusters its routes use, the same for every caller with the same view of it): built
 * once per pass and handed to each proxy, instead of rebuilt per caller. A piece is keyed by
 * everything its builder reads, so sharing never changes a byte of the result; what the builder
 * adds to the proxy's resources on the side (clusters, endpoints, secrets, warnings) is recorded
 * and replayed into each proxy that takes the piece.
 *
 * <p>One instance per pass ({@link #perPass()}), or one kept across passes ({@link #acrossPasses()}):
 * a piece is a pure function of its key, so a later pass takes the piece an earlier one built for
 * an equal key, and the pieces a full pass did not take are dropped at the next ({@link
 * LastPassCache}). Keys must then hold no per-pass object by identity (see {@link #same}). Not
 * thread-safe.
 */
public final class SharedPieces {
  /** No sharing: every piece is built for its proxy. */
  public static final SharedPieces NONE = new SharedPieces(false);

  private final boolean sharing;
  private final LastPassCache<Object, Built<?>> pieces = new LastPassCache<>(HashMap::new);

  private SharedPieces(boolean sharing) {
    this.sharing = sharing;
  }

  /** Pieces shared for the length of one pass. */
  public static SharedPieces perPass() {
    return new SharedPieces(true);
  }

  /** Pieces kept across passes: call {@link #startFullPass()} as each full pass starts. */
  public static SharedPieces acrossPasses() {
    return new SharedPieces(true);
  }

  /** Drops, from now on, the pieces no pass has taken since the last full pass started. */
  public void startFullPass() {
    pieces.startFullPass();
  }

  /**
   * {@code value} as part of a piece key, compared by identity: cheap to hash however large it is,
   * and never equal to a different value. Pieces are shared between keys holding the same object:
   * the resolver hands every caller of a service the same routes, and {@code SynthesisMemo} hands
   * later passes the objects of earlier ones for equal values.
   */
  public static Object same(Object value) {
    return new Same(value);
  }

  /** What a builder reads of a backend, as a piece key: its routes by identity ({@link #same}). */
  public static Object backend(ResolvedBackend backend) {
    return new Backend(backend.virtualServiceName(), backend.ports(), same(backend.routes()), backend.tls());
  }

  private record Backend(String service, List<PortProtocol> ports, Object routes, Optional<TlsOrigination> tls) {}

  /** The value a {@link #same} key holds. */
  @SuppressWarnings("unchecked")
  public static <T> T value(Object same) {
    return (T) ((Same) same).value();
  }

  private record Same(Object value) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Same same && same.value == value;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(value);
    }
  }

  /**
   * The piece under {@code key}, built by {@code build} the first time; {@code key} must hold
   * every input of {@code build} besides what {@code out} answers (kind, options, upstream limits),
   * which is added to it here.
   */
  public <T> T piece(Object key, ProxyResources out, Function<ProxyResources, T> build) {
    if (!sharing) {
      return build.apply(out);
    }
    return piece(new Key(key, out.kind(), out.upstreamLimits()), out, build);
  }

  /**
   * The same, shared by sidecars and proxyless clients when {@code anyKind} says so: the caller
   * knows {@code build} then reads nothing of the proxy's kind for this key (nor do the pieces it
   * takes), so both variants hold one object, which the payload encoder serializes once. Asked once
   * per key: the answer is kept with the pieces.
   */
  public <T> T piece(Object key, ProxyResources out, BooleanSupplier anyKind, Function<ProxyResources, T> build) {
    if (!sharing) {
      return build.apply(out);
    }
    Key anyKindKey = new Key(key, null, out.upstreamLimits());
    Built<?> found = pieces.get(anyKindKey);
    if (found == null && !anyKind.getAsBoolean()) {
      found = KIND_DEPENDENT;
      pieces.put(anyKindKey, KIND_DEPENDENT);
    }
    return found == KIND_DEPENDENT ? piece(new Key(key, out.kind(), out.upstreamLimits()), out, build)
        : piece(anyKindKey, found, out, build);
  }

  /** Kept under the kind-free key of a piece built per kind. */
  private static final Built<?> KIND_DEPENDENT = new Built<>(null, null);

  private <T> T piece(Key pieceKey, ProxyResources out, Function<ProxyResources, T> build) {
    return piece(pieceKey, pieces.get(pieceKey), out, build);
  }

  /** {@code found}: what {@code pieceKey} holds, or null. */
  private <T> T piece(Key pieceKey, Built<?> found, ProxyResources out, Function<ProxyResources, T> build) {
    @SuppressWarnings("unchecked")
    Built<T> built = (Built<T>) found;
    if (built == null) {
      // Not computeIfAbsent: a piece may take smaller pieces (a virtual host its clusters) while built.
      ProxyResources recording = out.recording();
      built = new Built<>(build.apply(recording), recording);
      pieces.put(pieceKey, built);
    }
    built.sideEffects().replayInto(out);
    return built.value();
  }

  private record Key(Object piece, ProxyKind kind, Object upstreamLimits) {}

  private record Built<T>(T value, ProxyResources sideEffects) {}
}
