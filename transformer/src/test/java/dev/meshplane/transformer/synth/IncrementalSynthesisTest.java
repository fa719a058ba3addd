package dev.meshplane.transformer.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.store.StoredResource;
import dev.meshplane.transformer.incremental.IncrementalMeshSynthesizer;
import dev.meshplane.transformer.output.EnvoyMeshSynthesizer;
import dev.meshplane.transformer.reconcile.MeshSynthesizer.SynthesizedProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * another provider, a node other listeners and backends, the mesh another egress filter), and
 * the incremental result is compared with a full one. Seeded: a failure names its seed and step;
 * {@code -Dmeshplane.incremental.seed=N} replays one seed, {@code .seeds=N} runs more.
 */
class IncrementalSynthesisTest {
  private static final long FIRST_SEED = Long.getLong("meshplane.incremental.seed", 1);
  private static final int SEEDS = Integer.getInteger("meshplane.incremental.seeds", 2);
  private static final int STEPS = 20;

  @TestFactory
  Stream<DynamicTest> incrementalEqualsFullAfterRandomChanges() throws IOException {
    List<Path> dirs;
    try (Stream<Path> list = Files.list(GoldenFilesTest.GOLDEN)) {
      dirs = list.filter(d -> Files.exists(d.resolve("input.json"))).sorted().toList();
    }
    return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
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
    List<Path> dirs;
    try (Stream<Path> list = Files.list(GoldenFilesTest.GOLDEN)) {
      dirs = list.filter(d -> Files.exists(d.resolve("input.json"))).sorted().toList();
    }
    return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
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
    String spec = picked.id().kind() == ResourceKind.MESH && random.nextBoolean()
        ? "{\"egressFilter\":{\"type\":\"" + (random.nextBoolean() ? "ALLOW_ALL" : "DROP_ALL") + "\"}}"
        : sameKind.get(random.nextInt(sameKind.size())).specJson();
    present.put(picked.id(), new StoredResource(picked.id(), picked.uid(), picked.version() + 1, picked.createdAt(),
        picked.lastUpdatedAt(), spec, picked.tags(), picked.references(), picked.clientToken(), picked.meshOwner(),
        picked.resourceOwner()));
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
    GoldenScenario scenario = GoldenScenario.load(GoldenFilesTest.GOLDEN.resolve("http-weighted-router"));
    IncrementalMeshSynthesizer incremental = new IncrementalMeshSynthesizer(scenario.options());
    MeshSnapshot before = scenario.snapshot();
    Map<String, SynthesizedProxy> first = byKey(incremental.synthesize(before));
    StoredResource route = before.resources().stream().filter(r -> r.id().kind() == ResourceKind.ROUTE)
        .findFirst().orElseThrow();
    List<StoredResource> changed = before.resources().stream()
        .map(r -> r != route ? r : GoldenScenario.stored(r.id(), r.specJson().replaceFirst("\"weight\":\\s*\\d+",
            "\"weight\":7")))
        .toList();
    assertThat(changed).isNotEqualTo(before.resources());
    MeshSnapshot after = new MeshSnapshot(before.mesh(), before.generation() + 1, Instant.EPOCH, 2, changed);
    Map<String, SynthesizedProxy> second = byKey(incremental.synthesize(after));
    Map<String, SynthesizedProxy> full = byKey(new EnvoyMeshSynthesizer(scenario.options()).synthesize(after));

    List<String> movedByFull = full.keySet().stream()
        .filter(key -> !full.get(key).contentHash().equals(first.get(key).contentHash())).toList();
    assertThat(movedByFull).as("the change moves some proxies, not all").isNotEmpty().hasSizeLessThan(full.size());
    for (String key : full.keySet()) {
      if (movedByFull.contains(key)) {
        assertThat(second.get(key).contentHash()).as(key).isEqualTo(full.get(key).contentHash());
      } else {
        assertThat(second.get(key)).as("%s is not concerned: its config is handed back, not rebuilt", key)
            .isSameAs(first.get(key));
      }
    }
  }

  private static Map<String, SynthesizedProxy> byKey(List<SynthesizedProxy> proxies) {
    Map<String, SynthesizedProxy> byKey = new LinkedHashMap<>();
    proxies.forEach(p -> byKey.put(p.key(), p));
    return byKey;
  }
}
