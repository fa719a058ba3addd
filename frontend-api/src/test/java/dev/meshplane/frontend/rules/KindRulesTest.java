package dev.meshplane.frontend.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.ProtoJson;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.Violation;
import dev.meshplane.model.appmesh.GatewayRouteSpec;
import dev.meshplane.model.appmesh.MeshSpec;
import dev.meshplane.model.appmesh.RouteSpec;
import dev.meshplane.model.appmesh.VirtualNodeSpec;
import org.junit.jupiter.api.Test;

class KindRulesTest {
  private static <T extends com.google.protobuf.Message> T spec(String json, T type) {
    return ProtoJson.parse(json, type);
  }

  @Test
  void everyKindHasRules() {
    RulesRegistry registry = RulesRegistry.standard();
    for (ResourceKind kind : ResourceKind.values()) {
      assertThat(registry.forKind(kind).kind()).isEqualTo(kind);
    }
  }

  @Test
  void meshesDefaultToDropAll() {
    assertThat(ProtoJson.toJsonString(new MeshRules().withDefaults(MeshSpec.getDefaultInstance())))
        .isEqualTo("{\"egressFilter\":{\"type\":\"DROP_ALL\"}}");
    MeshSpec allowAll = spec("{\"egressFilter\":{\"type\":\"ALLOW_ALL\"}}", MeshSpec.getDefaultInstance());
    assertThat(new MeshRules().withDefaults(allowAll)).isEqualTo(allowAll);
  }

  @Test
  void virtualNodeSettingsMustMatchTheListenerProtocol() {
    VirtualNodeSpec node = spec("""
        {"listeners":[{"portMapping":{"port":80,"protocol":"http"},
                       "timeout":{"grpc":{"perRequest":{"unit":"s","value":1}}},
                       "connectionPool":{"tcp":{"maxConnections":1}},
                       "healthCheck":{"protocol":"http2","healthyThreshold":2,"unhealthyThreshold":2,"intervalMillis":5000,"timeoutMillis":2000}}],
         "serviceDiscovery":{"dns":{"hostname":"a"}},
         "backends":[{"virtualService":{"virtualServiceName":"b"}},{"virtualService":{"virtualServiceName":"b"}}]}
        """, VirtualNodeSpec.getDefaultInstance());
    assertThat(new VirtualNodeRules().validate(node)).extracting(Violation::toString).containsExactly(
        "spec.listeners[0].timeout.grpc: is for protocol grpc but the listener's portMapping.protocol is http; use spec.listeners[0].timeout.http",
        "spec.listeners[0].connectionPool.tcp: is for protocol tcp but the listener's portMapping.protocol is http; use spec.listeners[0].connectionPool.http",
        "spec.listeners[0].healthCheck.path: is required when the health check protocol is http2",
        "spec.backends[1].virtualService.virtualServiceName: \"b\" is already a backend at spec.backends[0]");
  }

  @Test
  void routesNeedOneTypeAPathAndTrafficSomewhere() {
    RouteSpec route = spec("""
        {"httpRoute":{"match":{"prefix":"api"},"action":{"weightedTargets":[{"virtualNode":"a","weight":0}]},
                      "retryPolicy":{"maxRetries":1,"perRetryTimeout":{"unit":"s","value":1},"httpRetryEvents":["boom"]}},
         "tcpRoute":{"action":{"weightedTargets":[{"virtualNode":"a","weight":1}]}}}
        """, RouteSpec.getDefaultInstance());
    assertThat(new RouteRules().validate(route)).extracting(Violation::toString).containsExactly(
        "spec: exactly one of grpcRoute, http2Route, httpRoute, tcpRoute must be set, got 2",
        "spec.httpRoute.match.prefix: must start with /, got \"api\"",
        "spec.httpRoute.action.weightedTargets: at least one weighted target must have a weight greater than 0",
        "spec.httpRoute.retryPolicy.httpRetryEvents[0]: must be one of server-error, gateway-error, client-error, stream-error; got \"boom\"");
    assertThat(new RouteRules().references(ResourceId.child("m", ResourceKind.ROUTE, "r", "x"), route))
        .containsExactly(ResourceId.of("m", ResourceKind.VIRTUAL_NODE, "a"));
  }

  @Test
  void gatewayRouteRewritesMustFitTheMatch() {
    GatewayRouteSpec gatewayRoute = spec("""
        {"httpRoute":{"match":{"path":{"exact":"/a"}},
                      "action":{"target":{"virtualService":{"virtualServiceName":"s"}},
                                "rewrite":{"prefix":{"defaultPrefix":"ENABLED","value":"/b/"}}}}}
        """, GatewayRouteSpec.getDefaultInstance());
    assertThat(new GatewayRouteRules().validate(gatewayRoute)).extracting(Violation::toString).containsExactly(
        "spec.httpRoute.action.rewrite.prefix: needs spec.httpRoute.match.prefix to rewrite",
        "spec.httpRoute.action.rewrite.prefix: exactly one of defaultPrefix, value must be set");
  }

  @Test
  void aPortAloneIsAMatch() {
    RouteSpec route = spec("""
        {"httpRoute":{"match":{"port":3030},"action":{"weightedTargets":[{"virtualNode":"a","weight":1,"port":5050}]}}}
        """, RouteSpec.getDefaultInstance());
    assertThat(new RouteRules().validate(route)).isEmpty();
    GatewayRouteSpec gatewayRoute = spec("""
        {"http2Route":{"match":{"port":1010},"action":{"target":{"virtualService":{"virtualServiceName":"s"},"port":3030}}}}
        """, GatewayRouteSpec.getDefaultInstance());
    assertThat(new GatewayRouteRules().validate(gatewayRoute)).isEmpty();
    RouteSpec both = spec("""
        {"httpRoute":{"match":{"prefix":"/","path":{"exact":"/a"}},"action":{"weightedTargets":[{"virtualNode":"a","weight":1}]}}}
        """, RouteSpec.getDefaultInstance());
    assertThat(new RouteRules().validate(both)).extracting(Violation::toString)
        .containsExactly("spec.httpRoute.match: set either prefix or path, not both");
  }
}
