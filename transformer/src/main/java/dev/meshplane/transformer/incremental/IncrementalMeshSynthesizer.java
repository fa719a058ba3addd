package dev.meshplane.transformer.incremental;

import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.store.StoredResource;
import dev.meshplane.transformer.output.EnvoyMeshSynthesizer;
import dev.meshplane.transformer.reconcile.MeshSynthesizer;
import dev.meshplane.transformer.synth.SynthesisOptions;
import dev.meshplane.transformer.synth.resolve.MeshGraph;
import dev.meshplane.transformer.synth.resolve.MeshGraphResolver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The reconciler's synthesizer: {@link EnvoyMeshSynthesizer}'s results, re-synthesizing on a
 * change only the proxies it reaches. For each mesh it keeps the specs of the last snapshot it saw
 * (parsed), and each proxy's config; a new snapshot is compared spec by spec with that one, {@link
 * ProxyDependencies} names the proxies the changed specs reach, and only those are resolved and
 * synthesized again (pieces they share built once, as in a full pass); the others keep their
 * config. A changed mesh spec reaches every proxy. {@link #synthesizeFully} starts the mesh over
 * from nothing, which the reconciler's periodic full pass does, so a fault here lasts at most
 * until then; the property test holds both to identical bytes.
 *
 * <p>Thread-safe (one call at a time); the state of a mesh is whatever snapshot it saw last,
 * older or newer, so calls in any order give the right configs.
 */
public final class IncrementalMeshSynthesizer implements MeshSynthesizer {
  private final MeshGraphResolver resolver = new MeshGraphResolver();
  private final EnvoyMeshSynthesizer synthesizer;
  private final Map<String, MeshState> meshes = new HashMap<>();

  /** With App Mesh's behaviour ({@link SynthesisOptions#DEFAULTS}). */
  public IncrementalMeshSynthesizer() {
    this(SynthesisOptions.DEFAULTS);
  }

  public IncrementalMeshSynthesizer(SynthesisOptions options) {
    this.synthesizer = new EnvoyMeshSynthesizer(options);
  }

  /** What this synthesizer last saw of one mesh, and each proxy's config from it. */
  private static final class MeshState {
    final ParsedSpecs parsed = new ParsedSpecs();
    Map<ResourceId, String> specs = Map.of();
    /** proxy key → config; nodes and gateways apart, each in name order, as a full pass lists them */
    final TreeMap<String, SynthesizedProxy> nodes = new TreeMap<>();
    final TreeMap<String, SynthesizedProxy> gateways = new TreeMap<>();

    List<SynthesizedProxy> proxies() {
      List<SynthesizedProxy> proxies = new ArrayList<>(nodes.size() + gateways.size());
      proxies.addAll(nodes.values());
      proxies.addAll(gateways.values());
      return proxies;
    }
  }

  @Override
  public synchronized List<SynthesizedProxy> synthesize(MeshSnapshot snapshot) {
    MeshState state = meshes.get(snapshot.mesh());
    if (state == null) {
      return synthesizeFully(snapshot);
    }
    Map<ResourceId, String> specs = specsOf(snapshot);
    Set<ResourceId> changed = changed(state.specs, specs);
    if (changed.contains(ResourceId.mesh(snapshot.mesh()))) {
      return synthesizeFully(snapshot);
    }
    if (!changed.isEmpty()) {
      Set<ResourceId> reached = ProxyDependencies.of(snapshot, state.parsed).reachedBy(changed);
      state.nodes.keySet().retainAll(proxyKeys(specs, ResourceKind.VIRTUAL_NODE));
      state.gateways.keySet().retainAll(proxyKeys(specs, ResourceKind.VIRTUAL_GATEWAY));
      synthesize(snapshot, state, reached::contains);
      state.parsed.retainOnly(specs.keySet());
      state.specs = specs;
    }
    return state.proxies();
  }

  @Override
  public synchronized List<SynthesizedProxy> synthesizeFully(MeshSnapshot snapshot) {
    MeshState state = new MeshState();
    // Dropped first: should synthesis throw, the next call starts over too.
    meshes.remove(snapshot.mesh());
    synthesize(snapshot, state, proxy -> true);
    state.specs = specsOf(snapshot);
    meshes.put(snapshot.mesh(), state);
    return state.proxies();
  }

  private void synthesize(MeshSnapshot snapshot, MeshState state, Predicate<ResourceId> selected) {
    MeshGraph graph = resolver.resolve(snapshot, state.parsed, selected);
    List<SynthesizedProxy> proxies = synthesizer.synthesize(graph);
    // EnvoyMeshSynthesizer lists the graph's nodes, then its gateways.
    for (int i = 0; i < proxies.size(); i++) {
      SynthesizedProxy proxy = proxies.get(i);
      (i < graph.nodes().size() ? state.nodes : state.gateways).put(proxy.key(), proxy);
    }
  }

  private static Map<ResourceId, String> specsOf(MeshSnapshot snapshot) {
    Map<ResourceId, String> specs = new HashMap<>();
    for (StoredResource resource : snapshot.resources()) {
      specs.put(resource.id(), resource.specJson());
    }
    return specs;
  }

  /** The resources created, deleted or whose spec changed between two snapshots. */
  private static Set<ResourceId> changed(Map<ResourceId, String> before, Map<ResourceId, String> after) {
    Set<ResourceId> changed = new HashSet<>();
    after.forEach((id, spec) -> {
      if (!before.containsKey(id) || !Objects.equals(before.get(id), spec)) {
        changed.add(id);
      }
    });
    before.keySet().forEach(id -> {
      if (!after.containsKey(id)) {
        changed.add(id);
      }
    });
    return changed;
  }

  private static Set<String> proxyKeys(Map<ResourceId, String> specs, ResourceKind kind) {
    Set<String> keys = new HashSet<>();
    specs.keySet().stream().filter(id -> id.kind() == kind).forEach(id -> keys.add(id.key()));
    return keys;
  }
}
