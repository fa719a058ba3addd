package dev.meshplane.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.model.appmesh.ResourceMetadata;
import dev.meshplane.model.appmesh.VirtualNodeSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtoJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String NODE_SPEC = """
      {"backendDefaults":{"clientPolicy":{"tls":{"enforce":true,"ports":[443,8443],
         "validation":{"trust":{"acm":{"certificateAuthorityArns":["arn:aws:acm-pca:us-west-2:111122223333:certificate-authority/ca"]}}}}}},
       "backends":[{"virtualService":{"virtualServiceName":"orders.shop.local"}}],
       "listeners":[{"healthCheck":{"healthyThreshold":2,"intervalMillis":5000,"path":"/ping","protocol":"http",
                                    "timeoutMillis":2000,"unhealthyThreshold":3},
                     "outlierDetection":{"baseEjectionDuration":{"unit":"s","value":10},
                                         "interval":{"unit":"ms","value":500},"maxEjectionPercent":50,"maxServerErrors":5},
                     "portMapping":{"port":8080,"protocol":"http"},
                     "timeout":{"http":{"idle":{"unit":"s","value":600},"perRequest":{"unit":"s","value":15}}},
                     "tls":{"certificate":{"acm":{"certificateArn":"arn:aws:acm:us-west-2:111122223333:certificate/web"}},"mode":"STRICT"}}],
       "logging":{"accessLog":{"file":{"path":"/dev/stdout"}}},
       "serviceDiscovery":{"dns":{"hostname":"web.shop.local","ipPreference":"IPv4_PREFERRED","responseType":"ENDPOINTS"}}}
      """;

  @Test
  void aRealisticSpecRoundTripsToTheSameJson() throws Exception {
    JsonNode input = JSON.readTree(NODE_SPEC);
    var builder = VirtualNodeSpec.newBuilder();
    assertThat(ProtoJson.merge(input, builder, "spec")).isEmpty();
    VirtualNodeSpec spec = builder.build();
    assertThat(spec.getListeners(0).getPortMapping().getPort()).isEqualTo(8080);
    assertThat(spec.getListeners(0).getOutlierDetection().getInterval().getValue()).isEqualTo(500L);
    assertThat(ProtoJson.toJson(spec)).isEqualTo(input);
    assertThat(ProtoJson.toJsonString(spec)).isEqualTo(ProtoJson.toJsonString(ProtoJson.parse(ProtoJson.toJsonString(spec), VirtualNodeSpec.getDefaultInstance())));
  }

  @Test
  void everyShapeProblemIsReportedWithItsPath() throws Exception {
    JsonNode input = JSON.readTree("""
        {"listeners":[{"portMapping":{"port":"8080","protocol":7,"colour":"red"}}],
         "backends":{"virtualService":{}},
         "serviceDiscovery":{"dns":{"hostname":"a","responseType":"ENDPOINTS"}},
         "logging":{"accessLog":{"file":{"path":true}}}}
        """);
    List<Violation> violations = ProtoJson.merge(input, VirtualNodeSpec.newBuilder(), "spec");
    assertThat(violations).extracting(Violation::toString).containsExactlyInAnyOrder(
        "spec.listeners[0].portMapping.port: must be an integer",
        "spec.listeners[0].portMapping.protocol: must be a string",
        "spec.listeners[0].portMapping.colour: unknown member; expected one of: port, protocol",
        "spec.backends: must be a list",
        "spec.logging.accessLog.file.path: must be a string");
  }

  @Test
  void integersMustBeWholeAndFit() throws Exception {
    var violations = ProtoJson.merge(
        JSON.readTree("{\"listeners\":[{\"portMapping\":{\"port\":1.5}},{\"portMapping\":{\"port\":4294967296}}]}"),
        VirtualNodeSpec.newBuilder(), "spec");
    assertThat(violations).extracting(Violation::toString).containsExactly(
        "spec.listeners[0].portMapping.port: must be an integer, got 1.5",
        "spec.listeners[1].portMapping.port: must fit a 32-bit integer, got 4294967296");
  }

  @Test
  void timestampsAreEpochSecondsWithMilliseconds() throws Exception {
    ResourceMetadata metadata = ResourceMetadata.newBuilder().setCreatedAt(1732845678123L).setVersion(3).build();
    assertThat(ProtoJson.toJsonString(metadata)).isEqualTo("{\"createdAt\":1732845678.123,\"version\":3}");
    var builder = ResourceMetadata.newBuilder();
    assertThat(ProtoJson.merge(JSON.readTree("{\"createdAt\":1732845678.5}"), builder, "")).isEmpty();
    assertThat(builder.getCreatedAt()).isEqualTo(1732845678500L);
  }

  @Test
  void nullIsAbsentAndParseRefusesBadStoredJson() throws Exception {
    var builder = VirtualNodeSpec.newBuilder();
    assertThat(ProtoJson.merge(JSON.readTree("{\"logging\":null}"), builder, "")).isEmpty();
    assertThat(builder.hasLogging()).isFalse();
    assertThatThrownBy(() -> ProtoJson.parse("{\"nope\":1}", VirtualNodeSpec.getDefaultInstance()))
        .hasMessageContaining("nope: unknown member");
  }
}
