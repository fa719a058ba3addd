package dev.meshplane.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import dev.meshplane.model.appmesh.CreateMeshInput;
import dev.meshplane.model.appmesh.CreateRouteInput;
import dev.meshplane.model.appmesh.UntagResourceInput;
import dev.meshplane.model.appmesh.VirtualNodeSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstraintValidatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<String> violations(Message.Builder builder, String json) throws Exception {
    assertThat(ProtoJson.merge(JSON.readTree(json), builder, "")).isEmpty();
    return ConstraintValidator.validate(builder, "").stream().map(Violation::toString).toList();
  }

  @Test
  void aValidSpecHasNoViolations() throws Exception {
    assertThat(violations(VirtualNodeSpec.newBuilder(), ProtoJsonTest.NODE_SPEC)).isEmpty();
  }

  @Test
  void rangesEnumsAndRequiredMembers() throws Exception {
    assertThat(violations(VirtualNodeSpec.newBuilder(), """
        {"listeners":[{"portMapping":{"port":70000,"protocol":"udp"},
                       "healthCheck":{"healthyThreshold":1,"intervalMillis":5000,"protocol":"http","timeoutMillis":2000}}]}
        """)).containsExactlyInAnyOrder(
        "listeners[0].healthCheck.healthyThreshold: must be between 2 and 10, got 1",
        "listeners[0].healthCheck.unhealthyThreshold: is required",
        "listeners[0].portMapping.port: must be between 1 and 65535, got 70000",
        "listeners[0].portMapping.protocol: must be one of http, tcp, http2, grpc; got \"udp\"");
  }

  @Test
  void unionsNeedExactlyOneMember() throws Exception {
    assertThat(violations(VirtualNodeSpec.newBuilder(), """
        {"serviceDiscovery":{"dns":{"hostname":"a"},"awsCloudMap":{"namespaceName":"n","serviceName":"s"}},
         "logging":{"accessLog":{}}}
        """)).containsExactlyInAnyOrder(
        "serviceDiscovery: exactly one of awsCloudMap, dns must be set, got 2",
        "logging.accessLog: exactly one of file must be set");
  }

  @Test
  void lengthsAndListSizes() throws Exception {
    String longName = "n".repeat(256);
    StringBuilder targets = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      targets.append(i == 0 ? "" : ",").append("{\"virtualNode\":\"n").append(i).append("\",\"weight\":101}");
    }
    List<String> found = violations(CreateRouteInput.newBuilder(), "{\"meshName\":\"m\",\"routeName\":\"" + longName
        + "\",\"virtualRouterName\":\"r\",\"spec\":{\"tcpRoute\":{\"action\":{\"weightedTargets\":[" + targets + "]}}}}");
    assertThat(found).contains(
        "routeName: length must be between 1 and 255 characters, got 256",
        "spec.tcpRoute.action.weightedTargets: must have between 1 and 10 items, got 11",
        "spec.tcpRoute.action.weightedTargets[0].weight: must be between 0 and 100, got 101");
  }

  @Test
  void listItemsAndMissingNames() throws Exception {
    assertThat(violations(UntagResourceInput.newBuilder(), "{\"resourceArn\":\"a\",\"tagKeys\":[\"\"]}"))
        .containsExactly("tagKeys[0]: length must be between 1 and 128 characters, got 0");
    assertThat(violations(CreateMeshInput.newBuilder(), "{}")).containsExactly("meshName: is required");
  }
}
