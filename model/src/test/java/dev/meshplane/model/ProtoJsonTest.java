package dev.meshplane.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import dev.meshplane.model.appmesh.CreateMeshInput;
import dev.meshplane.model.appmesh.PortMapping;
import dev.meshplane.model.appmesh.ResourceMetadata;
import dev.meshplane.model.appmesh.VirtualNodeSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtoJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A virtual node as a platform team would write it; members in name order, as toJson writes them. */
  static final String NODE_SPEC = """
      {"backendDefaults":{"clientPolicy":{"tls":{"enforce":true,"ports":[443,8443],
         "validation":{"trust":{"acm":{"certificateAuthorityArns":["arn:aws:acm-pca:us-west-2:111122223333:certificate-authority/ca"]}}}}}},
       "backends":[{"virtualService":{"clientPolicy":{"tls":{"validation":{"subjectAlternativeNames":{"match":{"exact":["orders.shop.local"]}},
                                        "trust":{"acm":{"certificateAuthorityArns":["arn:aws:acm-pca:us-west-2:111122223333:certificate-authority/a",
                                                                                     "arn:aws:acm-pca:us-west-2:111122223333:certificate-authority/b"]}}}}},
                                      "virtualServiceName":"orders.shop.local"}}],
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

  private static List<String> mergeInto(Message.Builder builder, String json) throws Exception {
    return ProtoJson.merge(JSON.readTree(json), builder, "spec").stream().map(Violation::toString).toList();
  }

  @Test
  void aRealisticSpecRoundTripsToTheSameJson() throws Exception {
    JsonNode input = JSON.readTree(NODE_SPEC);
    var builder = VirtualNodeSpec.newBuilder();
    assertThat(ProtoJson.merge(input, builder, "spec")).isEmpty();
    VirtualNodeSpec spec = builder.build();
    assertThat(spec.getListeners(0).getPortMapping().getPort()).isEqualTo(8080);
    assertThat(spec.getListeners(0).getOutlierDetection().getInterval().getValue()).isEqualTo(500L);
    assertThat(spec.getBackends(0).getVirtualService().getClientPolicy().getTls().getValidation().getTrust().getAcm()
        .getCertificateAuthorityArnsList()).hasSize(2);
    assertThat(ProtoJson.toJson(spec)).isEqualTo(input);
    assertThat(ProtoJson.parse(ProtoJson.toJsonString(spec), VirtualNodeSpec.getDefaultInstance())).isEqualTo(spec);
  }

  @Test
  void theTextIsTheTreesTextForEveryKindOfMember() throws Exception {
    var builder = VirtualNodeSpec.newBuilder();
    assertThat(ProtoJson.merge(JSON.readTree(NODE_SPEC), builder, "spec")).isEmpty();
    VirtualNodeSpec spec = builder.build();
    ResourceMetadata metadata = ResourceMetadata.newBuilder().setVersion(9007199254740993L).setCreatedAt(1732845678123L)
        .setLastUpdatedAt(1732845670000L).setArn("arn:aws:appmesh:us-west-2:111122223333:mesh/\u00e9\"quoted\"\n").build();
    for (Message message : List.of(spec, metadata, VirtualNodeSpec.getDefaultInstance(),
        PortMapping.newBuilder().setProtocol("grpc").setPort(9000).build())) {
      assertThat(ProtoJson.toJsonString(message)).isEqualTo(ProtoJson.toJson(message).toString());
    }
  }

  @Test
  void membersAreWrittenInNameOrderWhateverTheOrderTheyWereSetIn() {
    PortMapping mapping = PortMapping.newBuilder().setProtocol("grpc").setPort(9000).build();
    assertThat(ProtoJson.toJsonString(mapping)).isEqualTo("{\"port\":9000,\"protocol\":\"grpc\"}");
    assertThat(ProtoJson.toJsonString(VirtualNodeSpec.getDefaultInstance())).isEqualTo("{}");
  }

  @Test
  void everyShapeProblemIsReportedWithItsPath() throws Exception {
    assertThat(mergeInto(VirtualNodeSpec.newBuilder(), """
        {"listeners":[{"portMapping":{"port":"8080","protocol":7,"colour":"red"}}],
         "backends":{"virtualService":{}},
         "backendDefaults":{"clientPolicy":{"tls":{"enforce":"yes","ports":[443,"8443"],"validation":[]}}},
         "serviceDiscovery":{"dns":{"hostname":"a","responseType":"ENDPOINTS"}},
         "logging":{"accessLog":{"file":{"path":true}}}}
        """)).containsExactlyInAnyOrder(
        "spec.listeners[0].portMapping.port: must be an integer",
        "spec.listeners[0].portMapping.protocol: must be a string",
        "spec.listeners[0].portMapping.colour: unknown member; expected one of: port, protocol",
        "spec.backends: must be a list",
        "spec.backendDefaults.clientPolicy.tls.enforce: must be true or false",
        "spec.backendDefaults.clientPolicy.tls.ports[1]: must be an integer",
        "spec.backendDefaults.clientPolicy.tls.validation: must be an object",
        "spec.logging.accessLog.file.path: must be a string");
  }

  @Test
  void unknownTopLevelMembersNameTheExpectedOnes() throws Exception {
    assertThat(ProtoJson.merge(JSON.readTree("{\"meshName\":\"m\",\"mesh\":\"m\"}"), CreateMeshInput.newBuilder(), ""))
        .extracting(Violation::toString)
        .containsExactly("mesh: unknown member; expected one of: clientToken, meshName, spec, tags");
    assertThat(ProtoJson.merge(JSON.readTree("[]"), CreateMeshInput.newBuilder(), ""))
        .extracting(Violation::toString)
        .containsExactly("must be an object");
  }

  @Test
  void integersMustBeWholeAndFit() throws Exception {
    assertThat(mergeInto(VirtualNodeSpec.newBuilder(), """
        {"listeners":[{"portMapping":{"port":1.5}},{"portMapping":{"port":4294967296}},{"portMapping":{"port":1e400}},
                      {"portMapping":{"port":8080.0}}]}
        """)).containsExactly(
        "spec.listeners[0].portMapping.port: must be an integer, got 1.5",
        "spec.listeners[1].portMapping.port: must fit a 32-bit integer, got 4294967296",
        "spec.listeners[2].portMapping.port: must fit a 32-bit integer, got Infinity");
    assertThat(mergeInto(ResourceMetadata.newBuilder(), "{\"version\":9223372036854775808}"))
        .containsExactly("spec.version: must fit a 64-bit integer, got 9223372036854775808");
    assertThat(mergeInto(ResourceMetadata.newBuilder(), "{\"version\":\"7\"}"))
        .containsExactly("spec.version: must be an integer");
  }

  @Test
  void int64IsWrittenAsAJsonNumber() throws Exception {
    ResourceMetadata metadata = ResourceMetadata.newBuilder().setVersion(9007199254740993L).build();
    assertThat(ProtoJson.toJsonString(metadata)).isEqualTo("{\"version\":9007199254740993}");
    assertThat(ProtoJson.parse(ProtoJson.toJsonString(metadata), ResourceMetadata.getDefaultInstance()))
        .isEqualTo(metadata);
  }

  @Test
  void timestampsAreEpochSecondsWithMilliseconds() throws Exception {
    ResourceMetadata metadata = ResourceMetadata.newBuilder().setCreatedAt(1732845678123L).setVersion(3).build();
    assertThat(ProtoJson.toJsonString(metadata)).isEqualTo("{\"createdAt\":1732845678.123,\"version\":3}");
    // Whole seconds ending in zero: where a BigDecimal stripped of trailing zeros would print in E-notation.
    assertThat(ProtoJson.toJsonString(ResourceMetadata.newBuilder().setLastUpdatedAt(1732845670000L).build()))
        .isEqualTo("{\"lastUpdatedAt\":1732845670}");
    assertThat(ProtoJson.toJsonString(ResourceMetadata.newBuilder().setLastUpdatedAt(1732845600500L).build()))
        .isEqualTo("{\"lastUpdatedAt\":1732845600.5}");
    assertThat(ProtoJson.parse(ProtoJson.toJsonString(metadata), ResourceMetadata.getDefaultInstance()))
        .isEqualTo(metadata);

    var builder = ResourceMetadata.newBuilder();
    assertThat(ProtoJson.merge(JSON.readTree("{\"createdAt\":1732845678.5,\"lastUpdatedAt\":1732845678}"), builder, ""))
        .isEmpty();
    assertThat(builder.getCreatedAt()).isEqualTo(1732845678500L);
    assertThat(builder.getLastUpdatedAt()).isEqualTo(1732845678000L);
    assertThat(mergeInto(ResourceMetadata.newBuilder(), "{\"createdAt\":\"2024-11-29T02:01:18Z\",\"lastUpdatedAt\":1e300}"))
        .containsExactly(
            "spec.createdAt: must be a number of seconds since the epoch",
            "spec.lastUpdatedAt: must be a number of seconds since the epoch, got 1.0E300");
  }

  @Test
  void nullIsAbsentAndParseRefusesBadStoredJson() throws Exception {
    var builder = VirtualNodeSpec.newBuilder();
    assertThat(ProtoJson.merge(JSON.readTree("{\"logging\":null,\"listeners\":null}"), builder, "")).isEmpty();
    assertThat(builder.hasLogging()).isFalse();
    assertThat(builder.getListenersCount()).isZero();
    assertThatThrownBy(() -> ProtoJson.parse("{\"nope\":1,\"logging\":3}", VirtualNodeSpec.getDefaultInstance()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope: unknown member")
        .hasMessageContaining("logging: must be an object");
    assertThatThrownBy(() -> ProtoJson.parse("{", VirtualNodeSpec.getDefaultInstance()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dynamicMessagesAreFilledLikeGeneratedOnes() throws Exception {
    var dynamic = DynamicMessage.newBuilder(VirtualNodeSpec.getDescriptor());
    assertThat(ProtoJson.merge(JSON.readTree(NODE_SPEC), dynamic, "spec")).isEmpty();
    assertThat(ProtoJson.toJson(dynamic)).isEqualTo(JSON.readTree(NODE_SPEC));
    assertThat(VirtualNodeSpec.parseFrom(dynamic.build().toByteString()))
        .isEqualTo(ProtoJson.parse(NODE_SPEC, VirtualNodeSpec.getDefaultInstance()));
  }
}
