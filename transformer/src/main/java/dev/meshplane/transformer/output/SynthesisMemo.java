package dev.meshplane.transformer.output;

import dev.meshplane.transformer.reconcile.MeshSynthesizer.SynthesizedProxy;
import dev.meshplane.transformer.synth.LastPassCache;
import dev.meshplane.transformer.synth.SharedPieces;
import dev.meshplane.transformer.synth.SynthesisOptions;
import dev.meshplane.transformer.synth.check.CheckedResources;
import dev.meshplane.transformer.synth.resolve.NodeProxy;
import dev.meshplane.transformer.synth.resolve.ResolvedBackend;
import dev.meshplane.transformer.synth.resolve.ResolvedRoute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link EnvoyMeshSynthesizer} keeps of one mesh between passes, so a pass over a mostly
 * unchanged mesh mostly looks things up: each proxy's result under its whole resolved IR, the
 * pieces proxies share ({@link SharedPieces}) under theirs, and the bytes and digests of encoded
 * resources ({@link PayloadEncoder}), and the structural checks of resources by those digests
 * ({@link CheckedResources}). Synthesis is a pure function of the IR, so a result kept for
 * an equal IR is the result; the property tests hold a memoized pass to a cold one, byte for byte.
 * Everything a full pass does not use is dropped at the next full pass ({@link LastPassCache}).
 *
 * <p>Equal IR is found cheaply by handing each pass the route lists of earlier passes for equal
 * values ({@link #canonical}, compared per service): IR equality then stops at their identity, and pieces keyed by them
 * ({@link SharedPieces#same}) are found again. Not thread-safe; one per mesh.
 */
public final class SynthesisMemo {
  final SharedPieces pieces = SharedPieces.acrossPasses();
  final PayloadEncoder encoder = new PayloadEncoder();
  /** Resources' compiled structural checks, by the digests the encoder gave them. */
  final CheckedResources checks = new CheckedResources(encoder::digest);
  private final LastPassCache<String, Kept> proxies = new LastPassCache<>(HashMap::new);
  /** The route list of each service, as the proxies kept use it. */
  private final LastPassCache<String, List<ResolvedRoute>> routeLists = new LastPassCache<>(HashMap::new);
  /** This pass's route lists, by identity: each distinct one is hashed once a pass. */
  private Map<List<ResolvedRoute>, List<ResolvedRoute>> seenThisPass = new IdentityHashMap<>();
  /** The options of the synthesizer this memo serves: what it keeps was built with them. */
  private SynthesisOptions options;

  private record Kept(Object ir, SynthesizedProxy proxy) {}

  /**
   * Call as each full pass starts: what it does not use is dropped at the next one. Under the
   * memo's lock, which passes and the checks asked of their configs afterwards also take.
   */
  public synchronized void startFullPass() {
    pieces.startFullPass();
    encoder.startFullPass();
    checks.startFullPass();
    proxies.startFullPass();
    routeLists.startFullPass();
  }

  /** Call as each pass (full or not) starts, with the synthesizer's options. */
  void startPass(SynthesisOptions synthesizerOptions) {
    if (options == null) {
      options = synthesizerOptions;
    } else if (!options.equals(synthesizerOptions)) {
      throw new IllegalArgumentException("a memo serves synthesizers of one set of options");
    }
    seenThisPass = new IdentityHashMap<>();
  }

  /** {@code node} with the route lists of earlier passes where they are equal. */
  NodeProxy canonical(NodeProxy node) {
    List<ResolvedBackend> backends = new ArrayList<>(node.backends().size());
    boolean same = true;
    for (ResolvedBackend backend : node.backends()) {
      List<ResolvedRoute> routes = canonical(backend.virtualServiceName(), backend.routes());
      same &= routes == backend.routes();
      backends.add(routes == backend.routes() ? backend
          : new ResolvedBackend(backend.virtualServiceName(), backend.ports(), routes, backend.tls()));
    }
    return same ? node : new NodeProxy(node.mesh(), node.name(), node.addresses(), node.listeners(), backends,
        node.egress(), node.accessLog(), node.warnings());
  }

  /** Compared with the service's list of earlier passes only: no deep hash, one deep equals. */
  private List<ResolvedRoute> canonical(String service, List<ResolvedRoute> routes) {
    return seenThisPass.computeIfAbsent(routes, r -> {
      List<ResolvedRoute> earlier = routeLists.get(service);
      if (earlier != null && earlier.equals(r)) {
        return earlier;
      }
      routeLists.put(service, r);
      return r;
    });
  }

  /** The proxy kept under {@code key} if it was synthesized from an IR equal to {@code ir}. */
  SynthesizedProxy kept(String key, Object ir) {
    Kept kept = proxies.get(key);
    return kept != null && kept.ir().equals(ir) ? kept.proxy() : null;
  }

  void keep(Object ir, SynthesizedProxy proxy) {
    proxies.put(proxy.key(), new Kept(ir, proxy));
  }
}
