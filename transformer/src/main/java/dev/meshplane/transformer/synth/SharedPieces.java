package dev.meshplane.transformer.synth;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Pieces of configuration that many proxies of one synthesis pass build alike (a backend's virtual
 * host and the clusters its routes use, the same for every caller with the same view of it): built
 * once per pass and handed to each proxy, instead of rebuilt per caller. A piece is keyed by
 * everything its builder reads, so sharing never changes a byte of the result; what the builder
 * adds to the proxy's resources on the side (clusters, endpoints, secrets, warnings) is recorded
 * and replayed into each proxy that takes the piece.
 *
 * <p>One instance per pass (it holds the pass's pieces until the pass is dropped); not thread-safe.
 */
public final class SharedPieces {
  /** No sharing: every piece is built for its proxy. */
  public static final SharedPieces NONE = new SharedPieces(false);

  private final boolean sharing;
  private final Map<Object, Built<?>> pieces = new HashMap<>();

  private SharedPieces(boolean sharing) {
    this.sharing = sharing;
  }

  /** Pieces shared for the length of one pass. */
  public static SharedPieces perPass() {
    return new SharedPieces(true);
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
    Key pieceKey = new Key(key, out.kind(), out.upstreamLimits());
    @SuppressWarnings("unchecked")
    Built<T> built = (Built<T>) pieces.get(pieceKey);
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
