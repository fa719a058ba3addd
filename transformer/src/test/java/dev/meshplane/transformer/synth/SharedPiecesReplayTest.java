package dev.meshplane.transformer.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A shared piece's side effects, replayed into a proxy, give exactly what building the piece for
 * the proxy gives: repeated resources, a resource conflicting with one the proxy holds or with one
 * of the piece, and warnings in between (the replay adds each resource once unless one conflicts).
 */
class SharedPiecesReplayTest {
  private static final Cluster A = cluster("a", 1);
  private static final Cluster B = cluster("b", 1);
  private static final Cluster OTHER_A = cluster("a", 2);

  @Test
  void repeatedResourcesAndWarnings() {
    assertReplayedAsBuilt(out -> {
      out.add(A);
      out.warn("first");
      out.add(B);
      out.add(A);
      out.warn("second");
      out.add(A);
    }, out -> {});
  }

  @Test
  void resourceConflictingWithOneTheProxyHolds() {
    assertReplayedAsBuilt(out -> {
      out.add(B);
      out.warn("first");
      out.add(A);
      out.warn("second");
      out.add(A);
    }, out -> out.add(OTHER_A));
  }

  @Test
  void resourcesConflictingWithinThePiece() {
    assertReplayedAsBuilt(out -> {
      out.add(A);
      out.warn("first");
      out.add(OTHER_A);
      out.add(A);
      out.add(B);
      out.add(OTHER_A);
    }, out -> {});
  }

  @Test
  void pieceWithinAPiece() {
    assertReplayedAsBuilt(out -> {
      out.warn("outer");
      for (int i = 0; i < 3; i++) {
        out.shared().piece("inner", out, inner -> {
          inner.add(A);
          inner.warn("inner");
          return "";
        });
      }
      out.add(B);
    }, out -> out.add(OTHER_A));
  }

  private static void assertReplayedAsBuilt(Consumer<ProxyResources> piece, Consumer<ProxyResources> before) {
    ProxyConfig built = proxy(SharedPieces.NONE, piece, before);
    SharedPieces shared = SharedPieces.perPass();
    // The first proxy builds the piece (into a recording), the second takes it: both replay it.
    for (ProxyConfig replayed : List.of(proxy(shared, piece, before), proxy(shared, piece, before))) {
      assertThat(replayed).isEqualTo(built);
    }
  }

  private static ProxyConfig proxy(SharedPieces shared, Consumer<ProxyResources> piece,
      Consumer<ProxyResources> before) {
    ProxyResources out = new ProxyResources("p", ProxyKind.SIDECAR, SynthesisOptions.DEFAULTS, List.of(), shared);
    before.accept(out);
    out.shared().piece("piece", out, recording -> {
      piece.accept(recording);
      return "";
    });
    out.warn("after");
    return out.build();
  }

  private static Cluster cluster(String name, int connectTimeoutSeconds) {
    return Cluster.newBuilder().setName(name)
        .setConnectTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(connectTimeoutSeconds)).build();
  }
}
