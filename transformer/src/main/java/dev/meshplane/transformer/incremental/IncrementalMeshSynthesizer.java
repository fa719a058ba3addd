package dev.meshplane.transformer.incremental;

import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.store.StoredResource;
import dev.meshplane.transformer.output.EnvoyMeshSynthesizer;
import dev.meshplane.transformer.output.SynthesisMemo;
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
 * config. A changed mesh spec reaches every proxy. {@link #synthesizeFully} starts the mesh over,
 * which the reconciler's periodic full pass does, so a fault of this bookkeeping lasts at most
 * until then; the property test holds both to identical bytes. Only the {@link SynthesisMemo} and
 * the parsed specs are kept across it, since each answers for equal input only (resolved IR, spec
 * JSON; a full pass resolves everything afresh): an unchanged mesh's full pass mostly looks its
 * specs and proxies up.
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
    final ParsedSpecs parsed;
    final ProxyDependencies dependencies;
    /** What synthesis keeps between passes: a full pass takes from it what is unchanged. */
    final SynthesisMemo memo;
    Map<ResourceId, StoredResource> resources = Map.of();
    /** proxy key → config; nodes and gateways apart, each in name order, as a full pass lists them */
    final TreeMap<String, SynthesizedProxy> nodes = new TreeMap<>();
    final TreeMap<String, SynthesizedProxy> gateways = new TreeMap<>();

    MeshState(String mesh, ParsedSpecs parsed, SynthesisMemo memo) {
      dependencies = new ProxyDependencies(mesh);
      this.parsed = parsed;
      this.memo = memo;
    }

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
    Map<ResourceId, StoredResource> resources = byId(snapshot);
    Set<ResourceId> changed = changed(state.resources, resources);
    if (changed.isEmpty()) {
      return state.proxies();
    }
    ResourceId meshId = ResourceId.mesh(snapshot.mesh());
    if (changed.contains(meshId)) {
      return synthesizeFully(snapshot);
    }
    // Dropped while it is updated: should anything below throw, the next call starts over.
    meshes.remove(snapshot.mesh());
    // A node changed where no caller reads it (its backends, say) reaches its own proxy alone.
    Set<ResourceId> reaching = new HashSet<>();
    Set<ResourceId> reached = new HashSet<>();
    changed.forEach(id -> (state.dependencies.update(id, resources.get(id), state.parsed) ? reaching : reached).add(id));
    reached.addAll(state.dependencies.reachedBy(reaching));
    Set<ResourceId> read = state.dependencies.readBy(reached);
    read.add(meshId);
    // Only what the reached proxies' resolution reads: the rest of the mesh is not parsed or walked.
    List<StoredResource> needed = new ArrayList<>();
    read.forEach(id -> {
      StoredResource resource = resources.get(id);
      if (resource != null) {
        needed.add(resource);
      }
    });
    synthesize(new MeshSnapshot(snapshot.mesh(), snapshot.generation(), snapshot.lastCommitAt(),
        snapshot.journalSeq(), needed), state, reached::contains);
    changed.stream().filter(id -> !resources.containsKey(id)).forEach(gone -> {
      state.nodes.remove(gone.key());
      state.gateways.remove(gone.key());
    });
    if (changed.stream().anyMatch(id -> !resources.containsKey(id))) {
      state.parsed.retainOnly(resources.keySet());
    }
    state.resources = resources;
    meshes.put(snapshot.mesh(), state);
    return state.proxies();
  }

  @Override
  public synchronized List<SynthesizedProxy> synthesizeFully(MeshSnapshot snapshot) {
    // Dropped first: should synthesis throw, the next call starts over too (memo included).
    MeshState old = meshes.remove(snapshot.mesh());
    // Only the memo and the parsed specs are kept: each answers for equal input only (IR, spec
    // JSON), so the result is a cold pass's.
    MeshState state = old != null
        ? new MeshState(snapshot.mesh(), old.parsed, old.memo)
        : new MeshState(snapshot.mesh(), new ParsedSpecs(), new SynthesisMemo());
    state.memo.startFullPass();
    synthesize(snapshot, state, proxy -> true);
    state.resources = byId(snapshot);
    state.parsed.retainOnly(state.resources.keySet());
    state.resources.forEach((id, resource) -> state.dependencies.update(id, resource, state.parsed));
    meshes.put(snapshot.mesh(), state);
    return state.proxies();
  }

  @Override
  public synchronized void forget(String mesh) {
    meshes.remove(mesh);
  }

  private void synthesize(MeshSnapshot snapshot, MeshState state, Predicate<ResourceId> selected) {
    MeshGraph graph = resolver.resolve(snapshot, state.parsed, selected);
    List<SynthesizedProxy> proxies = synthesizer.synthesize(graph, state.memo);
    // EnvoyMeshSynthesizer lists the graph's nodes, then its gateways.
    for (int i = 0; i < proxies.size(); i++) {
      SynthesizedProxy proxy = proxies.get(i);
      (i < graph.nodes().size() ? state.nodes : state.gateways).put(proxy.key(), proxy);
    }
  }

  private static Map<ResourceId, StoredResource> byId(MeshSnapshot snapshot) {
    Map<ResourceId, StoredResource> resources = new HashMap<>();
    for (StoredResource resource : snapshot.resources()) {
      resources.put(resource.id(), resource);
    }
    return resources;
  }

  /** The resources created, deleted or whose spec changed between two snapshots. */
  private static Set<ResourceId> changed(Map<ResourceId, StoredResource> before, Map<ResourceId, StoredResource> after) {
    Set<ResourceId> changed = new HashSet<>();
    after.forEach((id, resource) -> {
      StoredResource old = before.get(id);
      if (old == null || !Objects.equals(old.specJson(), resource.specJson())) {
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
}
