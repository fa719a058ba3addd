package dev.meshplane.model.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.ProtoJson;
import dev.meshplane.model.appmesh.GatewayRouteSpec;
import dev.meshplane.model.appmesh.PortMapping;
import dev.meshplane.model.appmesh.RouteSpec;
import dev.meshplane.model.options.Options;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A route spec's type, its protocol, its targets and match port, read the one way every caller reads them. */
class RouteKindTest {
  static Stream<Arguments> routes() {
    return Stream.of(
        Arguments.of("{\"httpRoute\":{\"match\":{\"prefix\":\"/\",\"port\":81},"
            + "\"action\":{\"weightedTargets\":[{\"virtualNode\":\"a\",\"weight\":1}]}}}", List.of(RouteKind.HTTP), 81, 1),
        Arguments.of("{\"http2Route\":{\"match\":{\"prefix\":\"/\"},"
            + "\"action\":{\"weightedTargets\":[{\"virtualNode\":\"a\",\"weight\":1},{\"virtualNode\":\"b\",\"weight\":1}]}}}",
            List.of(RouteKind.HTTP2), null, 2),
        Arguments.of("{\"grpcRoute\":{\"match\":{\"port\":9},\"action\":{\"weightedTargets\":[{\"virtualNode\":\"a\",\"weight\":1}]}}}",
            List.of(RouteKind.GRPC), 9, 1),
        Arguments.of("{\"tcpRoute\":{\"action\":{\"weightedTargets\":[]}}}", List.of(RouteKind.TCP), null, 0),
        Arguments.of("{\"tcpRoute\":{\"action\":{}},\"httpRoute\":{\"action\":{}}}", List.of(RouteKind.HTTP, RouteKind.TCP), null, 0),
        Arguments.of("{}", List.of(), null, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void readsRoutes(String json, List<RouteKind> declared, Integer port, int targets) {
    RouteSpec spec = ProtoJson.parse(json, RouteSpec.getDefaultInstance());
    assertThat(RouteKind.declared(spec)).isEqualTo(declared);
    assertThat(RouteKind.of(spec)).isEqualTo(declared.stream().findFirst());
    RouteKind.of(spec).ifPresent(kind -> {
      assertThat(kind.matchPort(spec)).isEqualTo(Optional.ofNullable(port));
      assertThat(kind.weightedTargets(spec)).hasSize(targets);
    });
  }

  @Test
  void gatewayRoutesHaveNoTcpType() {
    GatewayRouteSpec spec = ProtoJson.parse("""
        {"grpcRoute":{"match":{"port":8080},"action":{"target":{"virtualService":{"virtualServiceName":"s"}}}}}
        """, GatewayRouteSpec.getDefaultInstance());
    assertThat(RouteKind.declared(spec)).containsExactly(RouteKind.GRPC);
    assertThat(RouteKind.GRPC.matchPort(spec)).contains(8080);
    assertThat(RouteKind.GRPC.target(spec).getVirtualService().getVirtualServiceName()).isEqualTo("s");
    assertThat(Arrays.stream(RouteKind.values()).filter(RouteKind::forGateways))
        .containsExactly(RouteKind.GRPC, RouteKind.HTTP2, RouteKind.HTTP);
  }

  /** The model's protocol enum and this vocabulary are the same four words. */
  @Test
  void protocolsAreTheModelsPortMappingProtocols() {
    List<String> model = PortMapping.getDescriptor().findFieldByName("protocol").getOptions()
        .getExtension(Options.enumValue);
    assertThat(Arrays.stream(Protocol.values()).map(Protocol::wireName)).containsExactlyInAnyOrderElementsOf(model);
    model.forEach(word -> assertThat(Protocol.of(word).wireName()).isEqualTo(word));
    assertThat(Protocol.parse("HTTP")).isEmpty();
  }
}
