package dev.meshplane.transformer.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshplane.transformer.synth.EnvoyRouting.Outcome;
import dev.meshplane.transformer.synth.EnvoyRouting.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * One promise of a walkthrough's README, checked on the config Meshplane synthesizes at that point
 * of the walkthrough (its manifest replayed up to a phase): a request sent through a proxy lands
 * on these clusters with these weights (none: Envoy answers 404), and whatever else the route
 * must carry (rewrites, timeouts, retries, the cluster's settings).
 */
record WalkthroughCase(String promise, String phase, String proxy, Request request, Map<String, Integer> clusters,
    Consumer<Outcome> more) {
  private static final Map<String, Map<String, JsonNode>> PROXIES = new HashMap<>();

  /** A case expecting {@code clusterWeights} as cluster, weight, cluster, weight... (one cluster: weight 1). */
  static WalkthroughCase expect(String promise, String phase, String proxy, Request request, Object... clusterWeights) {
    Map<String, Integer> clusters = new LinkedHashMap<>();
    for (int i = 0; i < clusterWeights.length; i += 2) {
      clusters.put((String) clusterWeights[i], i + 1 < clusterWeights.length ? (Integer) clusterWeights[i + 1] : 1);
    }
    return new WalkthroughCase(promise, phase, proxy, request, clusters, o -> {});
  }

  /** A case expecting no route: Envoy answers 404. */
  static WalkthroughCase unrouted(String promise, String phase, String proxy, Request request) {
    return new WalkthroughCase(promise, phase, proxy, request, null, o -> {});
  }

  WalkthroughCase and(Consumer<Outcome> check) {
    return new WalkthroughCase(promise, phase, proxy, request, clusters, more.andThen(check));
  }

  /** The cases of one walkthrough as dynamic tests named by their promise. */
  static Stream<DynamicTest> tests(String walkthrough, List<WalkthroughCase> cases) {
    return cases.stream().map(c -> DynamicTest.dynamicTest(
        (c.phase == null ? "" : "[" + c.phase + "] ") + c.promise, () -> c.check(walkthrough)));
  }

  void check(String walkthrough) {
    JsonNode config = proxy(walkthrough, phase, proxy);
    Optional<Outcome> outcome = EnvoyRouting.route(config, request);
    if (clusters == null) {
      assertThat(outcome).as(promise + ": " + request + " must find no route").isEmpty();
      return;
    }
    assertThat(outcome).as(promise + ": no route of " + proxy + " takes " + request).isPresent();
    assertThat(outcome.get().clusters()).as(promise + ": clusters of route " + outcome.get().routeName())
        .isEqualTo(clusters);
    more.accept(outcome.get());
  }

  /** The synthesized config of proxy {@code name} (a virtual node or gateway) at the end of {@code phase}. */
  static synchronized JsonNode proxy(String walkthrough, String phase, String name) {
    Map<String, JsonNode> byName = PROXIES.computeIfAbsent(walkthrough + "@" + phase, k -> synthesize(walkthrough, phase));
    JsonNode config = byName.get(name);
    assertThat(config).as("proxy " + name + " of " + walkthrough + " (" + byName.keySet() + ")").isNotNull();
    return config;
  }

  private static Map<String, JsonNode> synthesize(String walkthrough, String phase) {
    try {
      GoldenScenario scenario = GoldenScenario.of(walkthrough, GoldenScenario.replay(walkthrough, phase,
          GoldenScenario.MAPPER.createObjectNode()));
      Map<String, JsonNode> byName = new HashMap<>();
      for (ProxyConfig config : GoldenFilesTest.synthesize(scenario.snapshot(), scenario)) {
        JsonNode json = ProxyConfigJson.toJson(config);
        String key = json.path("key").asText();
        byName.put(key.substring(key.lastIndexOf('/') + 1), json);
      }
      return byName;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code cds_egress_<mesh>_<node>_<protocol>_<port>}: the cluster of a virtual node listener as a backend. */
  static String egress(String mesh, String node, String protocol, int port) {
    return "cds_egress_" + mesh + "_" + node + "_" + protocol + "_" + port;
  }

  /** {@code cds_ingress_<mesh>_<node>_<protocol>_<port>}: a sidecar's cluster of its own app. */
  static String ingress(String mesh, String node, String protocol, int port) {
    return "cds_ingress_" + mesh + "_" + node + "_" + protocol + "_" + port;
  }
}
