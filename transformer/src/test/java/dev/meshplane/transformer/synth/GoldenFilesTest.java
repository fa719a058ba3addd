package dev.meshplane.transformer.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.transformer.synth.check.StructuralChecks;
import dev.meshplane.transformer.synth.resolve.MeshGraph;
import dev.meshplane.transformer.synth.resolve.MeshGraphResolver;
import dev.meshplane.transformer.synth.resolve.NodeProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every scenario under {@code src/test/resources/golden}, in two stages: its App Mesh input resolved
 * into the IR must equal {@code ir.json} ({@link MeshGraphJson}), and the IR synthesized into the
 * Envoy JSON of every proxy must equal {@code expected.json}, byte for byte; the proxies must pass
 * the structural checks, and neither stage may depend on the order the store lists resources in.
 * Run with {@code -Dgolden.update=true} to rewrite both files, then review the diff: it is the spec.
 */
class GoldenFilesTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  /** Every golden scenario's directory, in name order. */
  static List<Path> scenarioDirs() throws IOException {
    try (Stream<Path> dirs = Files.list(GOLDEN)) {
      return dirs.filter(d -> Files.exists(d.resolve("input.json"))).sorted().toList();
    }
  }

  @TestFactory
  Stream<DynamicTest> scenarios() throws IOException {
    return scenarioDirs().stream()
        .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> verify(dir)));
  }

  private static void verify(Path dir) throws IOException {
    GoldenScenario scenario = GoldenScenario.load(dir);
    String ir = MeshGraphJson.render(new MeshGraphResolver().resolve(scenario.snapshot()));
    assertThat(MeshGraphJson.render(new MeshGraphResolver().resolve(shuffled(scenario.snapshot()))))
        .as("IR independent of the store's resource order")
        .isEqualTo(ir);
    compare(dir.resolve("ir.json"), ir);
    List<ProxyConfig> configs = synthesize(scenario.snapshot(), scenario);
    for (ProxyConfig config : configs) {
      assertThat(StructuralChecks.check(config)).as("structural checks of " + config.key()).isEmpty();
    }
    String actual = render(configs);
    assertThat(render(synthesize(shuffled(scenario.snapshot()), scenario)))
        .as("output independent of the store's resource order")
        .isEqualTo(actual);
    compare(dir.resolve("expected.json"), actual);
  }

  private static void compare(Path expected, String actual) throws IOException {
    if (UPDATE) {
      Files.writeString(expected, actual);
    }
    assertThat(expected).as("run with -Dgolden.update=true to create it, then review it").exists();
    assertThat(actual).as(expected.toString()).isEqualTo(Files.readString(expected));
  }

  static List<ProxyConfig> synthesize(MeshSnapshot snapshot, GoldenScenario scenario) {
    MeshGraph graph = new MeshGraphResolver().resolve(snapshot);
    ProxyConfigSynthesizer synthesizer = new ProxyConfigSynthesizer(scenario.options());
    List<ProxyConfig> configs = new ArrayList<>(synthesizer.synthesize(graph, ProxyKind.SIDECAR));
    for (NodeProxy node : graph.nodes()) {
      if (scenario.proxyless().contains(node.name())) {
        configs.add(synthesizer.node(node, ProxyKind.PROXYLESS_GRPC));
      }
    }
    return configs;
  }

  static String render(List<ProxyConfig> configs) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    ArrayNode proxies = root.putArray("proxies");
    configs.forEach(c -> proxies.add(ProxyConfigJson.toJson(c)));
    return ProxyConfigJson.pretty(root);
  }

  private static MeshSnapshot shuffled(MeshSnapshot snapshot) {
    List<dev.meshplane.store.StoredResource> resources = new ArrayList<>(snapshot.resources());
    Collections.shuffle(resources, new Random(7));
    return new MeshSnapshot(
        snapshot.mesh(), snapshot.generation(), snapshot.lastCommitAt(), snapshot.journalSeq(), resources);
  }
}
