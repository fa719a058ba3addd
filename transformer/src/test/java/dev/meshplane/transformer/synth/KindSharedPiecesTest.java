package dev.meshplane.transformer.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.transformer.synth.resolve.MeshGraph;
import dev.meshplane.transformer.synth.resolve.MeshGraphResolver;
import dev.meshplane.transformer.synth.resolve.NodeProxy;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Pieces shared by sidecars and proxyless clients (those that read nothing of the kind) change
 * nothing: for every golden scenario, every node synthesized as both kinds with one set of shared
 * pieces, whichever kind builds a piece first, equals the node synthesized alone, without sharing.
 */
class KindSharedPiecesTest {

  /**
   * Each route of its own service, so each virtual host holds one feature built per kind: the
   * golden scenarios have no retry policy of 0 retries, and their routes matching query
   * parameters also retry.
   */
  private static final String ROUTES_PER_KIND = """
      {"mesh": "kinds", "resources": [
        {"kind": "Mesh", "spec": {}},
        {"kind": "VirtualNode", "name": "web", "spec": {
          "listeners": [{"portMapping": {"port": 8080, "protocol": "http"}}],
          "serviceDiscovery": {"dns": {"hostname": "web.kinds.local"}},
          "backends": [%s]}},
        {"kind": "VirtualNode", "name": "api", "spec": {
          "listeners": [{"portMapping": {"port": 8080, "protocol": "http"}}],
          "serviceDiscovery": {"dns": {"hostname": "api.kinds.local"}}}}
        %s
      ]}""";

  private static final List<String> ROUTES = List.of(
      "{\"match\": {\"prefix\": \"/\"}, \"action\": {\"weightedTargets\": [{\"virtualNode\": \"api\", \"weight\": 1}]}}",
      "{\"match\": {\"prefix\": \"/\", \"queryParameters\": [{\"name\": \"q\"}]},"
          + " \"action\": {\"weightedTargets\": [{\"virtualNode\": \"api\", \"weight\": 1}]}}",
      "{\"match\": {\"prefix\": \"/\"}, \"action\": {\"weightedTargets\": [{\"virtualNode\": \"api\", \"weight\": 1}]},"
          + " \"retryPolicy\": {\"maxRetries\": 0, \"perRetryTimeout\": {\"unit\": \"s\", \"value\": 1},"
          + " \"httpRetryEvents\": [\"server-error\"]}}",
      "{\"match\": {\"prefix\": \"/\"}, \"action\": {\"weightedTargets\": [{\"virtualNode\": \"api\", \"weight\": 1}]},"
          + " \"timeout\": {\"perRequest\": {\"unit\": \"s\", \"value\": 3}}}");

  @TestFactory
  Stream<DynamicTest> sharedAcrossKindsAsBuiltAlone() throws IOException {
    StringBuilder backends = new StringBuilder();
    StringBuilder resources = new StringBuilder();
    for (int i = 0; i < ROUTES.size(); i++) {
      backends.append(i > 0 ? ", " : "").append("{\"virtualService\": {\"virtualServiceName\": \"svc-" + i + "\"}}");
      resources.append(", {\"kind\": \"VirtualRouter\", \"name\": \"router-" + i + "\", \"spec\": {\"listeners\":"
              + " [{\"portMapping\": {\"port\": 8080, \"protocol\": \"http\"}}]}}")
          .append(", {\"kind\": \"VirtualService\", \"name\": \"svc-" + i + "\", \"spec\": {\"provider\":"
              + " {\"virtualRouter\": {\"virtualRouterName\": \"router-" + i + "\"}}}}")
          .append(", {\"kind\": \"Route\", \"parent\": \"router-" + i + "\", \"name\": \"route\", \"spec\":"
              + " {\"httpRoute\": " + ROUTES.get(i) + "}}");
    }
    GoldenScenario perKind = GoldenScenario.of("routes-per-kind",
        GoldenScenario.MAPPER.readTree(ROUTES_PER_KIND.formatted(backends, resources)));
    return Stream.concat(Stream.of(DynamicTest.dynamicTest(perKind.name(), () -> verify(perKind))),
        GoldenFilesTest.scenarioDirs().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(),
            () -> verify(GoldenScenario.load(dir)))));
  }

  private static void verify(GoldenScenario scenario) {
    MeshGraph graph = new MeshGraphResolver().resolve(scenario.snapshot());
    ProxyConfigSynthesizer synthesizer = new ProxyConfigSynthesizer(scenario.options());
    for (List<ProxyKind> order : List.of(List.of(ProxyKind.SIDECAR, ProxyKind.PROXYLESS_GRPC),
        List.of(ProxyKind.PROXYLESS_GRPC, ProxyKind.SIDECAR))) {
      SharedPieces pieces = SharedPieces.perPass();
      for (NodeProxy node : graph.nodes()) {
        for (ProxyKind kind : order) {
          assertThat(synthesizer.node(node, kind, pieces)).as("%s as %s, %s first", node.name(), kind, order.get(0))
              .isEqualTo(synthesizer.node(node, kind));
        }
      }
      graph.gateways().forEach(g -> assertThat(synthesizer.gateway(g, pieces)).as(g.name())
          .isEqualTo(synthesizer.gateway(g)));
    }
  }
}
