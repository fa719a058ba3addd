package dev.meshplane.transformer.synth.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.ProtoJson;
import dev.meshplane.model.appmesh.GatewayRouteSpec;
import dev.meshplane.model.vocabulary.RouteKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What App Mesh's gateway rewrite rules decide: what the matched path and the Host become. */
class GatewayRewritesTest {
  private static final ResolvedBackend TARGET = new ResolvedBackend("s.mesh.local", List.of(), List.of(), Optional.empty());

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "none", value = {
      "prefix, no rewrite: / (App Mesh's default)   | {\"prefix\":\"/shop/\"}       | {}                                                   | /             | s.mesh.local",
      "prefix, default prefix DISABLED: unchanged   | {\"prefix\":\"/shop/\"}       | {\"prefix\":{\"defaultPrefix\":\"DISABLED\"}}          | /shop/        | s.mesh.local",
      "prefix, default prefix ENABLED: /            | {\"prefix\":\"/shop/\"}       | {\"prefix\":{\"defaultPrefix\":\"ENABLED\"}}           | /             | s.mesh.local",
      "prefix rewritten to a value                  | {\"prefix\":\"/shop/\"}       | {\"prefix\":{\"value\":\"/store/\"}}                   | /store/       | s.mesh.local",
      "exact path rewritten                         | {\"path\":{\"exact\":\"/a\"}} | {\"path\":{\"exact\":\"/b\"}}                          | /b            | s.mesh.local",
      "exact path, no rewrite: unchanged            | {\"path\":{\"exact\":\"/a\"}} | {}                                                   | /a            | s.mesh.local",
      "regex: never rewritten                       | {\"path\":{\"regex\":\"/v.*\"}} | {}                                                 | /v.*          | s.mesh.local",
      "default target hostname DISABLED: Host kept  | {\"prefix\":\"/\"}            | {\"hostname\":{\"defaultTargetHostname\":\"DISABLED\"}} | /            | none"})
  void httpRoutes(String name, String match, String rewrite, String path, String host) {
    GatewayRouteSpec spec = ProtoJson.parse("{\"httpRoute\":{\"match\":" + match + ",\"action\":{\"target\":"
        + "{\"virtualService\":{\"virtualServiceName\":\"s.mesh.local\"}},\"rewrite\":" + rewrite + "}}}",
        GatewayRouteSpec.getDefaultInstance());
    ResolvedGatewayRoute route = GatewayRewrites.resolve("gr", RouteKind.HTTP, spec, TARGET, 80);
    assertThat(route.pathRewrittenTo()).isEqualTo(path);
    assertThat(route.hostRewrite()).isEqualTo(Optional.ofNullable(host));
  }

  @ParameterizedTest(name = "grpc, hostname rewrite {0}")
  @CsvSource(nullValues = "none", value = {"ENABLED, s.mesh.local", "DISABLED, none"})
  void grpcRoutesRewriteOnlyTheHost(String defaultTargetHostname, String host) {
    GatewayRouteSpec spec = ProtoJson.parse("{\"grpcRoute\":{\"match\":{\"serviceName\":\"color.Color\",\"port\":8080},"
        + "\"action\":{\"target\":{\"virtualService\":{\"virtualServiceName\":\"s.mesh.local\"}},"
        + "\"rewrite\":{\"hostname\":{\"defaultTargetHostname\":\"" + defaultTargetHostname + "\"}}}}}",
        GatewayRouteSpec.getDefaultInstance());
    ResolvedGatewayRoute route = GatewayRewrites.resolve("gr", RouteKind.GRPC, spec, TARGET, 80);
    assertThat(route.match().path()).isEqualTo(PathMatch.prefix("/color.Color/"));
    assertThat(route.pathRewrittenTo()).isEqualTo("/color.Color/");
    assertThat(route.listenerPort()).contains(8080);
    assertThat(route.hostRewrite()).isEqualTo(Optional.ofNullable(host));
  }
}
