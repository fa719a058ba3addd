package dev.meshplane.transformer.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.ProtoJson;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.appmesh.VirtualNodeSpec;
import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.store.StoredResource;
import dev.meshplane.transformer.incremental.IncrementalMeshSynthesizer;
import dev.meshplane.transformer.output.EnvoyMeshSynthesizer;
import dev.meshplane.transformer.reconcile.MeshSynthesizer.SynthesizedProxy;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Incremental synthesis gives, after any sequence of changes, the bytes a full synthesis of the
 * same snapshot gives. Property-based over the golden scenarios (every feature the goldens cover):
 * from a random part of a scenario's resources, each step removes resources, adds them back, or
 * gives one the spec of another of its kind (a route another route's match and targets, a service
 * another provider, a node other listeners and backends or other backends only, the mesh another
 * egress filter), and
 * the incremental result is compared with a full one. Seeded: a failure names its seed and step;
 * {@code -Dmeshplane.incremental.seed=N} replays one seed, {@code .seeds=N} runs more.
 */
class IncrementalSynthesisTest {
  private static final long FIRST_SEED = Long.getLong("meshplane.incremental.seed", 1);
  private static final int SEEDS = Integer.getInteger("meshplane.incremental.seeds", 2);
  private static final int STEPS = 20;

  @TestFactory
  Stream<DynamicTest> incrementalEqualsFullAfterRandomChanges() throws IOException {
    return GoldenFilesTest.scenarioDirs().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
      GoldenScenario scenario = GoldenScenario.load(dir);
      for (long seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
        replay(scenario, seed);
      }
    }));
  }

  /**
   * A full pass that takes what it can from the memo of earlier passes (over the same mesh, after
   * random changes and change passes) gives the bytes of a cold one.
   */
  @TestFactory
  Stream<DynamicTest> memoizedFullPassEqualsColdAfterRandomChanges() throws IOException {
    return GoldenFilesTest.scenarioDirs().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
      GoldenScenario scenario = GoldenScenario.load(dir);
      for (long seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
        replay(scenario, seed, true);
      }
    }));
  }

  private static void replay(GoldenScenario scenario, long seed) {
    replay(scenario, seed, false);
  }

  private static void replay(GoldenScenario scenario, long seed, boolean fullPasses) {
    Random random = new Random(seed * 31 + scenario.name().hashCode());
    List<StoredResource> universe = scenario.snapshot().resources();
    StoredResource mesh = universe.stream().filter(r -> r.id().kind() == ResourceKind.MESH).findFirst().orElseThrow();
    // Present resources by id; the mesh always is.
    Map<Object, StoredResource> present = new LinkedHashMap<>();
    universe.stream().filter(r -> r == mesh || random.nextInt(4) > 0).forEach(r -> present.put(r.id(), r));
    IncrementalMeshSynthesizer incremental = new IncrementalMeshSynthesizer(scenario.options());
    EnvoyMeshSynthesizer full = new EnvoyMeshSynthesizer(scenario.options());
    for (int step = 0; step <= STEPS; step++) {
      MeshSnapshot snapshot = new MeshSnapshot(scenario.snapshot().mesh(), step + 1, Instant.EPOCH, step + 1,
          new ArrayList<>(present.values()));
      List<SynthesizedProxy> cold = full.synthesize(snapshot);
      assertSame(incremental.synthesize(snapshot), cold, scenario.name() + " seed " + seed + " step " + step);
      if (fullPasses && random.nextBoolean()) {
        assertSame(incremental.synthesizeFully(snapshot), cold,
            scenario.name() + " seed " + seed + " step " + step + ", full pass");
      }
      for (int change = 1 + random.nextInt(3); change > 0; change--) {
        change(universe, mesh, present, random);
      }
    }
  }

  private static void change(
      List<StoredResource> universe, StoredResource mesh, Map<Object, StoredResource> present, Random random) {
    StoredResource picked = universe.get(random.nextInt(universe.size()));
    if (picked != mesh && random.nextInt(3) == 0) {
      // Delete it, or create it back.
      if (present.remove(picked.id()) == null) {
        present.put(picked.id(), picked);
      }
      return;
    }
    List<StoredResource> sameKind = universe.stream().filter(r -> r.id().kind() == picked.id().kind()).toList();
    String other = sameKind.get(random.nextInt(sameKind.size())).specJson();
    String spec = picked.id().kind() == ResourceKind.MESH && random.nextBoolean()
        ? "{\"egressFilter\":{\"type\":\"" + (random.nextBoolean() ? "ALLOW_ALL" : "DROP_ALL") + "\"}}"
        : picked.id().kind() == ResourceKind.VIRTUAL_NODE && random.nextBoolean()
            ? withBackendsOf(present.getOrDefault(picked.id(), picked).specJson(), other)
            : other;
    present.put(picked.id(), new StoredResource(picked.id(), picked.uid(), picked.version() + 1, picked.createdAt(),
        picked.lastUpdatedAt(), spec, picked.tags(), picked.references(), picked.clientToken(), picked.meshOwner(),
        picked.resourceOwner()));
  }

  /** {@code node}'s listeners and discovery with {@code other}'s backends, backend defaults and logging. */
  private static String withBackendsOf(String node, String other) {
    VirtualNodeSpec own = ProtoJson.parse(node, VirtualNodeSpec.getDefaultInstance());
    VirtualNodeSpec theirs = ProtoJson.parse(other, VirtualNodeSpec.getDefaultInstance());
    VirtualNodeSpec.Builder mixed = own.toBuilder().clearBackends().addAllBackends(theirs.getBackendsList())
        .clearBackendDefaults().clearLogging();
    if (theirs.hasBackendDefaults()) {
      mixed.setBackendDefaults(theirs.getBackendDefaults());
    }
    if (theirs.hasLogging()) {
      mixed.setLogging(theirs.getLogging());
    }
    return ProtoJson.toJsonString(mixed);
  }

  private static void assertSame(List<SynthesizedProxy> incremental, List<SynthesizedProxy> full, String when) {
    assertThat(incremental.stream().map(SynthesizedProxy::key)).as("proxies, %s", when)
        .containsExactlyElementsOf(full.stream().map(SynthesizedProxy::key).toList());
    for (int i = 0; i < full.size(); i++) {
      SynthesizedProxy expected = full.get(i);
      SynthesizedProxy actual = incremental.get(i);
      assertThat(actual.payload()).as("payload of %s, %s", expected.key(), when).isEqualTo(expected.payload());
      assertThat(actual.contentHash()).as("hash of %s, %s", expected.key(), when).isEqualTo(expected.contentHash());
      assertThat(actual.violations().get()).as("violations of %s, %s", expected.key(), when)
          .isEqualTo(expected.violations().get());
    }
  }

  /** Incremental for real: a route change re-synthesizes its router's callers and hands the others back untouched. */
  @Test
  void aRouteChangeResynthesizesOnlyItsRoutersCallers() throws IOException {
    Synthesized start = Synthesized.weightedRouter();
    MeshSnapshot before = start.scenario().snapshot();
    StoredResource route = before.resources().stream().filter(r -> r.id().kind() == ResourceKind.ROUTE)
        .findFirst().orElseThrow();
    List<StoredResource> changed = before.resources().stream()
        .map(r -> r != route ? r : GoldenScenario.stored(r.id(), r.specJson().replaceFirst("\"weight\":\\s*\\d+",
            "\"weight\":7")))
        .toList();
    assertThat(changed).isNotEqualTo(before.resources());
    MeshSnapshot after = new MeshSnapshot(before.mesh(), before.generation() + 1, Instant.EPOCH, 2, changed);
    Map<String, SynthesizedProxy> second = byKey(start.incremental().synthesize(after));
    Map<String, SynthesizedProxy> full = byKey(new EnvoyMeshSynthesizer(start.scenario().options()).synthesize(after));

    List<String> movedByFull = full.keySet().stream()
        .filter(key -> !full.get(key).contentHash().equals(start.first().get(key).contentHash())).toList();
    assertThat(movedByFull).as("the change moves some proxies, not all").isNotEmpty().hasSizeLessThan(full.size());
    for (String key : full.keySet()) {
      if (movedByFull.contains(key)) {
        assertThat(second.get(key).contentHash()).as(key).isEqualTo(full.get(key).contentHash());
      } else {
        assertThat(second.get(key)).as("%s is not concerned: its config is handed back, not rebuilt", key)
            .isSameAs(start.first().get(key));
      }
    }
  }

  /**
   * A node routed to by others whose backends change (nothing its callers read) is rebuilt alone:
   * the other proxies are handed back as they were, and equal a full synthesis.
   */
  @Test
  void aNodesBackendChangeResynthesizesThatNodeAlone() throws IOException {
    Synthesized start = Synthesized.weightedRouter();
    MeshSnapshot before = start.scenario().snapshot();
    List<StoredResource> nodes = before.resources().stream()
        .filter(r -> r.id().kind() == ResourceKind.VIRTUAL_NODE).toList();
    // A route target without backends (blue) takes the backends of its caller (front): its own config
    // moves, its caller's does not.
    StoredResource node = nodes.stream().filter(r -> r.id().name().equals("blue")).findFirst().orElseThrow();
    String caller = nodes.stream().filter(r -> r.id().name().equals("front")).findFirst().orElseThrow().specJson();
    List<StoredResource> changed = before.resources().stream()
        .map(r -> r != node ? r : GoldenScenario.stored(r.id(), withBackendsOf(r.specJson(), caller)))
        .toList();
    MeshSnapshot after = new MeshSnapshot(before.mesh(), before.generation() + 1, Instant.EPOCH, 2, changed);
    Map<String, SynthesizedProxy> second = byKey(start.incremental().synthesize(after));
    Map<String, SynthesizedProxy> full = byKey(new EnvoyMeshSynthesizer(start.scenario().options()).synthesize(after));

    String key = "mesh/" + before.mesh() + "/virtualNode/" + node.id().name();
    assertThat(full.get(key).contentHash()).as("the change moves the node's own config")
        .isNotEqualTo(start.first().get(key).contentHash());
    assertThat(second.keySet()).containsExactlyElementsOf(full.keySet()).hasSizeGreaterThan(1);
    for (String proxy : full.keySet()) {
      assertThat(second.get(proxy).payload()).as(proxy).isEqualTo(full.get(proxy).payload());
      if (!proxy.equals(key)) {
        assertThat(second.get(proxy)).as("%s is not concerned: handed back, not rebuilt", proxy).isSameAs(start.first().get(proxy));
      }
    }
  }

  /** The weighted-router golden scenario, synthesized once by an incremental synthesizer. */
  private record Synthesized(GoldenScenario scenario, IncrementalMeshSynthesizer incremental,
      Map<String, SynthesizedProxy> first) {
    static Synthesized weightedRouter() throws IOException {
      GoldenScenario scenario = GoldenScenario.load(GoldenFilesTest.GOLDEN.resolve("http-weighted-router"));
      IncrementalMeshSynthesizer incremental = new IncrementalMeshSynthesizer(scenario.options());
      return new Synthesized(scenario, incremental, byKey(incremental.synthesize(scenario.snapshot())));
    }
  }

  private static Map<String, SynthesizedProxy> byKey(List<SynthesizedProxy> proxies) {
    Map<String, SynthesizedProxy> byKey = new LinkedHashMap<>();
    proxies.forEach(p -> byKey.put(p.key(), p));
    return byKey;
  }
}
