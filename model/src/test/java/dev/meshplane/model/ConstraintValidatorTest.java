package dev.meshplane.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import dev.meshplane.model.appmesh.CreateMeshInput;
import dev.meshplane.model.appmesh.CreateRouteInput;
import dev.meshplane.model.appmesh.RouteSpec;
import dev.meshplane.model.appmesh.UntagResourceInput;
import dev.meshplane.model.appmesh.VirtualNodeSpec;
import dev.meshplane.model.appmesh.VirtualServiceSpec;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConstraintValidatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<String> violations(Message.Builder builder, String path, String json) throws Exception {
    assertThat(ProtoJson.merge(JSON.readTree(json), builder, path)).isEmpty();
    return ConstraintValidator.validate(builder, path).stream().map(Violation::toString).toList();
  }

  private static List<String> violations(Message.Builder builder, String json) throws Exception {
    return violations(builder, "", json);
  }

  @Test
  void aValidSpecHasNoViolations() throws Exception {
    assertThat(violations(VirtualNodeSpec.newBuilder(), "spec", ProtoJsonTest.NODE_SPEC)).isEmpty();
    assertThat(ConstraintValidator.validate(ProtoJson.parse(ProtoJsonTest.NODE_SPEC, VirtualNodeSpec.getDefaultInstance()), "spec"))
        .isEmpty();
  }

  @Test
  void unsetMessagesAreNotDescendedInto() throws Exception {
    assertThat(violations(VirtualNodeSpec.newBuilder(), "{}")).isEmpty();
  }

  @Test
  void rangesEnumsAndRequiredMembers() throws Exception {
    assertThat(violations(VirtualNodeSpec.newBuilder(), "spec", """
        {"listeners":[{"portMapping":{"port":70000,"protocol":"udp"},
                       "healthCheck":{"healthyThreshold":1,"intervalMillis":5000,"protocol":"http","timeoutMillis":2000}}]}
        """)).containsExactlyInAnyOrder(
        "spec.listeners[0].healthCheck.healthyThreshold: must be between 2 and 10, got 1",
        "spec.listeners[0].healthCheck.unhealthyThreshold: is required",
        "spec.listeners[0].portMapping.port: must be between 1 and 65535, got 70000",
        "spec.listeners[0].portMapping.protocol: must be one of http, tcp, http2, grpc; got \"udp\"");
    assertThat(violations(CreateMeshInput.newBuilder(), "{}")).containsExactly("meshName: is required");
  }

  @Test
  void unionsNeedExactlyOneMember() throws Exception {
    assertThat(violations(VirtualNodeSpec.newBuilder(), "spec", """
        {"serviceDiscovery":{"dns":{"hostname":"a"},"awsCloudMap":{"namespaceName":"n","serviceName":"s"}},
         "logging":{"accessLog":{}}}
        """)).containsExactlyInAnyOrder(
        "spec.serviceDiscovery: exactly one of awsCloudMap, dns must be set, got 2",
        "spec.logging.accessLog: exactly one of file must be set");
    assertThat(violations(VirtualServiceSpec.newBuilder(), "spec", "{\"provider\":{}}"))
        .containsExactly("spec.provider: exactly one of virtualNode, virtualRouter must be set");
  }

  @Test
  void lengthsAndListSizes() throws Exception {
    String targets = IntStream.range(0, 11)
        .mapToObj(i -> "{\"virtualNode\":\"n" + i + "\",\"weight\":" + (i == 0 ? 101 : 1) + "}")
        .collect(Collectors.joining(","));
    assertThat(violations(CreateRouteInput.newBuilder(), "{\"meshName\":\"m\",\"routeName\":\"" + "n".repeat(256)
        + "\",\"virtualRouterName\":\"r\",\"spec\":{\"tcpRoute\":{\"action\":{\"weightedTargets\":[" + targets + "]}}}}"))
        .containsExactlyInAnyOrder(
            "routeName: length must be between 1 and 255 characters, got 256",
            "spec.tcpRoute.action.weightedTargets: must have between 1 and 10 items, got 11",
            "spec.tcpRoute.action.weightedTargets[0].weight: must be between 0 and 100, got 101");
    // Lengths count code points: 255 emoji are 510 chars but 255 characters.
    assertThat(violations(CreateMeshInput.newBuilder(), "{\"meshName\":\"" + "\uD83D\uDE00".repeat(255) + "\"}")).isEmpty();
  }

  @Test
  void listsHaveAMaximumSize() throws Exception {
    String tags = IntStream.range(0, 51)
        .mapToObj(i -> "{\"key\":\"k" + i + "\",\"value\":\"v\"}")
        .collect(Collectors.joining(","));
    assertThat(violations(CreateMeshInput.newBuilder(), "{\"meshName\":\"m\",\"tags\":[" + tags + "]}"))
        .containsExactly("tags: must have at most 50 items, got 51");
  }

  @Test
  void requiredListsMustHaveItemsUnlessTheModelAllowsNone() throws Exception {
    assertThat(violations(CreateRouteInput.newBuilder(), "spec", """
        {"meshName":"m","routeName":"x","virtualRouterName":"r","spec":{"tcpRoute":{"action":{"weightedTargets":[]}}}}
        """)).containsExactly("spec.spec.tcpRoute.action.weightedTargets: is required");
    // tagKeys is required with a minimum of 0 items: an empty list is a valid request.
    assertThat(violations(UntagResourceInput.newBuilder(), "{\"resourceArn\":\"a\",\"tagKeys\":[]}")).isEmpty();
  }

  @Test
  void itemsOfListsOfScalarsAreEachChecked() throws Exception {
    assertThat(violations(UntagResourceInput.newBuilder(), "{\"resourceArn\":\"a\",\"tagKeys\":[\"ok\",\"\"]}"))
        .containsExactly("tagKeys[1]: length must be between 1 and 128 characters, got 0");
    assertThat(violations(VirtualNodeSpec.newBuilder(), """
        {"backendDefaults":{"clientPolicy":{"tls":{"ports":[443,0,70000],
           "validation":{"trust":{"file":{"certificateChain":"/certs/ca.pem"}}}}}}}
        """)).containsExactly(
        "backendDefaults.clientPolicy.tls.ports[1]: must be between 1 and 65535, got 0",
        "backendDefaults.clientPolicy.tls.ports[2]: must be between 1 and 65535, got 70000");
    assertThat(violations(RouteSpec.newBuilder(), """
        {"grpcRoute":{"action":{"weightedTargets":[{"virtualNode":"n","weight":1}]},"match":{"serviceName":"s"},
                      "retryPolicy":{"grpcRetryEvents":["cancelled","boom"],"maxRetries":1,
                                     "perRetryTimeout":{"unit":"s","value":1}}}}
        """)).containsExactly(
        "grpcRoute.retryPolicy.grpcRetryEvents[1]: must be one of cancelled, deadline-exceeded, internal, "
            + "resource-exhausted, unavailable; got \"boom\"");
  }

  @Test
  void patternsAreMatched() throws Exception {
    assertThat(violations(VirtualNodeSpec.newBuilder(), "spec", """
        {"serviceDiscovery":{"awsCloudMap":{"namespaceName":"n","serviceName":"s",
          "attributes":[{"key":"stage","value":"blue green"},{"key":"bad key","value":"v"}]}}}
        """)).containsExactly(
        "spec.serviceDiscovery.awsCloudMap.attributes[1].key: must match pattern ^[a-zA-Z0-9!-~]+$, got \"bad key\"");
  }
}
