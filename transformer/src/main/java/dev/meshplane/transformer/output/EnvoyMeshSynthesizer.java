package dev.meshplane.transformer.output;

import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.transformer.reconcile.MeshSynthesizer;
import dev.meshplane.transformer.synth.ProxyConfig;
import dev.meshplane.transformer.synth.ProxyConfigSynthesizer;
import dev.meshplane.transformer.synth.ProxyKind;
import dev.meshplane.transformer.synth.SynthesisOptions;
import dev.meshplane.transformer.synth.check.StructuralChecks;
import dev.meshplane.transformer.synth.resolve.MeshGraph;
import dev.meshplane.transformer.synth.resolve.MeshGraphResolver;
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
    MeshGraph graph = resolver.resolve(snapshot);
    var nodes = graph.nodes().stream().map(node -> proxy(
        synthesizer.node(node, ProxyKind.SIDECAR), Optional.of(synthesizer.node(node, ProxyKind.PROXYLESS_GRPC))));
    var gateways = graph.gateways().stream().map(gateway -> proxy(synthesizer.gateway(gateway), Optional.empty()));
    return java.util.stream.Stream.concat(nodes, gateways).toList();
  }

  private static SynthesizedProxy proxy(ProxyConfig sidecar, Optional<ProxyConfig> proxyless) {
    return new SynthesizedProxy(sidecar.key(), ProxyConfigCodec.encode(ProxyConfigCodec.stored(sidecar, proxyless)),
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
