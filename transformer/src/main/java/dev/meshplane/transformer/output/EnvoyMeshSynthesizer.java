package dev.meshplane.transformer.output;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.meshplane.proxyconfig.StoredProxyConfigCodec;
import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.transformer.reconcile.MeshSynthesizer;
import dev.meshplane.transformer.synth.ProxyConfig;
import dev.meshplane.transformer.synth.ProxyConfigSynthesizer;
import dev.meshplane.transformer.synth.ProxyKind;
import dev.meshplane.transformer.synth.SharedPieces;
import dev.meshplane.transformer.synth.SynthesisOptions;
import dev.meshplane.transformer.synth.check.StructuralChecks;
import dev.meshplane.transformer.synth.resolve.GatewayProxy;
import dev.meshplane.transformer.synth.resolve.MeshGraph;
import dev.meshplane.transformer.synth.resolve.MeshGraphResolver;
import dev.meshplane.transformer.synth.resolve.NodeProxy;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The reconciler's synthesizer: resolves the snapshot once, synthesizes each virtual node as a
 * sidecar and as a proxyless gRPC client and each gateway as an Envoy, and encodes every proxy's
 * variants into its config store payload.
 */
public final class EnvoyMeshSynthesizer implements MeshSynthesizer {
  private final MeshGraphResolver resolver = new MeshGraphResolver();
  private final ProxyConfigSynthesizer synthesizer;

  /** With App Mesh's behaviour ({@link SynthesisOptions#DEFAULTS}). */
  public EnvoyMeshSynthesizer() {
    this(SynthesisOptions.DEFAULTS);
  }

  public EnvoyMeshSynthesizer(SynthesisOptions options) {
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
    SharedPieces shared = SharedPieces.perPass();
    // A resource shared by many proxies is one object: packed (serialized) once per pass.
    Map<Message, Any> packed = new IdentityHashMap<>();
    Function<Message, Any> pack = resource -> packed.computeIfAbsent(resource, Any::pack);
    List<SynthesizedProxy> proxies = new ArrayList<>();
    for (NodeProxy node : graph.nodes()) {
      proxies.add(proxy(synthesizer.node(node, ProxyKind.SIDECAR, shared),
          Optional.of(synthesizer.node(node, ProxyKind.PROXYLESS_GRPC, shared)), pack));
    }
    for (GatewayProxy gateway : graph.gateways()) {
      proxies.add(proxy(synthesizer.gateway(gateway, shared), Optional.empty(), pack));
    }
    return proxies;
  }

  private static SynthesizedProxy proxy(
      ProxyConfig sidecar, Optional<ProxyConfig> proxyless, Function<Message, Any> pack) {
    return new SynthesizedProxy(sidecar.key(),
        StoredProxyConfigCodec.encode(ProxyConfigCodec.stored(sidecar, proxyless, pack)),
        () -> violations(sidecar, proxyless));
  }

  /** What Envoy (or a gRPC client) would reject in either variant: the structural checks, named by variant. */
  private static List<String> violations(ProxyConfig sidecar, Optional<ProxyConfig> proxyless) {
    List<String> violations = new ArrayList<>();
    StructuralChecks.check(sidecar).forEach(v -> violations.add("sidecar: " + v));
    proxyless.ifPresent(config -> StructuralChecks.check(config).forEach(v -> violations.add("proxyless gRPC: " + v)));
    return violations;
  }
}
