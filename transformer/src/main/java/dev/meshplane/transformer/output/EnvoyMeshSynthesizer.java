package dev.meshplane.transformer.output;

import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.transformer.reconcile.MeshSynthesizer;
import dev.meshplane.transformer.synth.ProxyConfig;
import dev.meshplane.transformer.synth.ProxyConfigSynthesizer;
import dev.meshplane.transformer.synth.ProxyKind;
import dev.meshplane.transformer.synth.SynthesisOptions;
import dev.meshplane.transformer.synth.check.CheckedResources;
import dev.meshplane.transformer.synth.check.StructuralChecks;
import dev.meshplane.transformer.synth.resolve.GatewayProxy;
import dev.meshplane.transformer.synth.resolve.MeshGraph;
import dev.meshplane.transformer.synth.resolve.MeshGraphResolver;
import dev.meshplane.transformer.synth.resolve.NodeProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reconciler's synthesizer: resolves the snapshot once, synthesizes each virtual node as a
 * sidecar and as a proxyless gRPC client and each gateway as an Envoy, and encodes every proxy's
 * variants into its config store payload.
 */
public final class EnvoyMeshSynthesizer implements MeshSynthesizer {
  private final MeshGraphResolver resolver = new MeshGraphResolver();
  private final SynthesisOptions options;
  private final ProxyConfigSynthesizer synthesizer;

  /** With App Mesh's behaviour ({@link SynthesisOptions#DEFAULTS}). */
  public EnvoyMeshSynthesizer() {
    this(SynthesisOptions.DEFAULTS);
  }

  public EnvoyMeshSynthesizer(SynthesisOptions options) {
    this.options = options;
    this.synthesizer = new ProxyConfigSynthesizer(options);
  }

  @Override
  public List<SynthesizedProxy> synthesize(MeshSnapshot snapshot) {
    return synthesize(resolver.resolve(snapshot));
  }

  /**
   * The proxies of {@code graph} (a whole mesh, or the part of it a change concerns), nodes then
   * gateways, each in name order; pieces several of them build alike are built once.
   */
  public List<SynthesizedProxy> synthesize(MeshGraph graph) {
    return synthesize(graph, new SynthesisMemo());
  }

  /**
   * The same, taking from {@code memo} what earlier passes over this mesh made from equal IR, and
   * leaving in it what this pass makes: byte for byte what a fresh memo gives.
   */
  public List<SynthesizedProxy> synthesize(MeshGraph graph, SynthesisMemo memo) {
    synchronized (memo) {
      return synthesizeLocked(graph, memo);
    }
  }

  private List<SynthesizedProxy> synthesizeLocked(MeshGraph graph, SynthesisMemo memo) {
    memo.startPass(options);
    List<SynthesizedProxy> proxies = new ArrayList<>();
    for (NodeProxy resolved : graph.nodes()) {
      NodeProxy node = memo.canonical(resolved);
      String key = ProxyConfigSynthesizer.key(node);
      SynthesizedProxy kept = memo.kept(key, node);
      if (kept == null) {
        kept = proxy(synthesizer.node(node, ProxyKind.SIDECAR, memo.pieces),
            Optional.of(synthesizer.node(node, ProxyKind.PROXYLESS_GRPC, memo.pieces)), memo);
        memo.keep(node, kept);
      }
      proxies.add(kept);
    }
    for (GatewayProxy gateway : graph.gateways()) {
      String key = ProxyConfigSynthesizer.key(gateway);
      SynthesizedProxy kept = memo.kept(key, gateway);
      if (kept == null) {
        kept = proxy(synthesizer.gateway(gateway, memo.pieces), Optional.empty(), memo);
        memo.keep(gateway, kept);
      }
      proxies.add(kept);
    }
    return proxies;
  }

  private static SynthesizedProxy proxy(ProxyConfig sidecar, Optional<ProxyConfig> proxyless, SynthesisMemo memo) {
    PayloadEncoder.Encoded encoded = memo.encoder.encode(sidecar, proxyless);
    return new SynthesizedProxy(sidecar.key(), encoded.payload(), encoded.contentHash(),
        () -> {
          // Asked after the pass (by the reconciler, for configs it is about to write): the memo's
          // caches are shared with any pass running then.
          synchronized (memo) {
            return violations(sidecar, proxyless, memo.checks);
          }
        });
  }

  /**
   * What Envoy (or a gRPC client) would reject in either variant: the structural checks, named by
   * variant; each resource's own checks compiled once for its bytes ({@link CheckedResources}).
   */
  private static List<String> violations(ProxyConfig sidecar, Optional<ProxyConfig> proxyless, CheckedResources checks) {
    List<String> violations = new ArrayList<>();
    StructuralChecks.check(sidecar, checks).forEach(v -> violations.add("sidecar: " + v));
    proxyless.ifPresent(config ->
        StructuralChecks.check(config, checks).forEach(v -> violations.add("proxyless gRPC: " + v)));
    return violations;
  }
}
