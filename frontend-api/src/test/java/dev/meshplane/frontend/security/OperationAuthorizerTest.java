package dev.meshplane.frontend.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import dev.meshplane.auth.IamFileDirectory;
import dev.meshplane.auth.Principal;
import dev.meshplane.frontend.api.ApiException;
import dev.meshplane.frontend.api.ApiSettings;
import dev.meshplane.frontend.api.ErrorType;
import dev.meshplane.frontend.http.Operation;
import dev.meshplane.frontend.http.OperationCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The action and resource of every one of the 38 operations, as App Mesh's IAM reference maps them. */
class OperationAuthorizerTest {
  private static final String ARN = "arn:aws:appmesh:us-west-2:111122223333:";
  private final OperationAuthorizer authorizer = new OperationAuthorizer(new ApiSettings("us-west-2", "111122223333"));

  /** An input with every name member set to "<member without Name>" and resourceArn set. */
  private static Message input(Operation operation) {
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(operation.input());
    for (FieldDescriptor field : operation.input().getFields()) {
      if (field.getJsonName().endsWith("Name") && field.getType() == FieldDescriptor.Type.STRING) {
        builder.setField(field, field.getJsonName().replace("Name", ""));
      } else if (field.getJsonName().equals("resourceArn")) {
        builder.setField(field, ARN + "mesh/mesh/virtualNode/virtualNode");
      }
    }
    return builder.build();
  }

  @Test
  void everyOperationActsOnTheArnAppMeshIamNames() {
    Map<String, String> resources = new HashMap<>();
    for (Operation operation : new OperationCatalog().all()) {
      if (!operation.name().equals("ListMeshes")) {
        resources.put(operation.name(), authorizer.resourceArn(operation.name(), input(operation)));
      }
    }
    assertThat(resources).hasSize(37);
    assertThat(resources)
        .containsEntry("CreateMesh", ARN + "mesh/mesh")
        .containsEntry("DeleteMesh", ARN + "mesh/mesh")
        .containsEntry("CreateVirtualNode", ARN + "mesh/mesh/virtualNode/virtualNode")
        .containsEntry("UpdateVirtualService", ARN + "mesh/mesh/virtualService/virtualService")
        .containsEntry("DescribeRoute", ARN + "mesh/mesh/virtualRouter/virtualRouter/route/route")
        .containsEntry("DeleteGatewayRoute", ARN + "mesh/mesh/virtualGateway/virtualGateway/gatewayRoute/gatewayRoute")
        .containsEntry("ListVirtualNodes", ARN + "mesh/mesh")
        .containsEntry("ListVirtualGateways", ARN + "mesh/mesh")
        .containsEntry("ListRoutes", ARN + "mesh/mesh/virtualRouter/virtualRouter")
        .containsEntry("ListGatewayRoutes", ARN + "mesh/mesh/virtualGateway/virtualGateway")
        .containsEntry("TagResource", ARN + "mesh/mesh/virtualNode/virtualNode")
        .containsEntry("ListTagsForResource", ARN + "mesh/mesh/virtualNode/virtualNode");
  }

  @TempDir Path dir;

  private Principal alice() throws Exception {
    Path file = Files.writeString(dir.resolve("iam.json"), """
        {"principals":[{"name":"alice","accessKeys":[{"id":"AKIAALICE","secret":"s"}],
          "policies":[{"Statement":[{"Effect":"Allow","Action":"appmesh:*","Resource":["arn:aws:appmesh:*:*:mesh/team-a","arn:aws:appmesh:*:*:mesh/team-a/*"]},
                                    {"Effect":"Deny","Action":"appmesh:Delete*","Resource":"*"}]}]}]}""");
    try (IamFileDirectory directory = new IamFileDirectory(file, "111122223333", Duration.ofHours(1))) {
      return directory.byAccessKeyId("AKIAALICE").orElseThrow().principal();
    }
  }

  @Test
  void aRefusalNamesThePrincipalTheActionAndTheResource() throws Exception {
    Operation describeMesh = new OperationCatalog().all().stream().filter(o -> o.name().equals("DescribeMesh")).findFirst().orElseThrow();
    DynamicMessage.Builder teamB = DynamicMessage.newBuilder(describeMesh.input());
    teamB.setField(describeMesh.input().getFields().stream().filter(f -> f.getJsonName().equals("meshName")).findFirst().orElseThrow(),
        "team-b");
    Principal alice = alice();
    assertThatThrownBy(() -> authorizer.authorize(alice, "DescribeMesh", teamB.build()))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.ForbiddenException))
        .hasMessage("User: arn:aws:iam::111122223333:user/alice is not authorized to perform: appmesh:DescribeMesh on resource: "
            + ARN + "mesh/team-b");
  }

  @Test
  void listMeshesKeepsOnlyTheMeshesThePrincipalMayList() throws Exception {
    ObjectNode output = (ObjectNode) new ObjectMapper().readTree("""
        {"meshes":[{"meshName":"team-a","arn":"%smesh/team-a"},{"meshName":"team-b","arn":"%smesh/team-b"}],"nextToken":"t"}"""
        .formatted(ARN, ARN));
    ObjectNode filtered = authorizer.filterListedMeshes(alice(), output);
    assertThat(filtered.get("meshes")).hasSize(1);
    assertThat(filtered.get("meshes").get(0).get("meshName").asText()).isEqualTo("team-a");
    assertThat(filtered.get("nextToken").asText()).isEqualTo("t");
  }
}
