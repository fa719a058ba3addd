package dev.meshplane.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ArnsTest {
  private static final String PREFIX = "arn:aws:appmesh:us-west-2:111122223333:";

  /** One id of every kind, with its key. */
  private static final Map<ResourceId, String> KEYS = Map.of(
      ResourceId.mesh("m"), "mesh/m",
      ResourceId.of("m", ResourceKind.VIRTUAL_NODE, "n"), "mesh/m/virtualNode/n",
      ResourceId.of("m", ResourceKind.VIRTUAL_SERVICE, "svc.local"), "mesh/m/virtualService/svc.local",
      ResourceId.of("m", ResourceKind.VIRTUAL_ROUTER, "r"), "mesh/m/virtualRouter/r",
      ResourceId.of("m", ResourceKind.VIRTUAL_GATEWAY, "g"), "mesh/m/virtualGateway/g",
      ResourceId.child("m", ResourceKind.ROUTE, "r", "x"), "mesh/m/virtualRouter/r/route/x",
      ResourceId.child("m", ResourceKind.GATEWAY_ROUTE, "g", "y"), "mesh/m/virtualGateway/g/gatewayRoute/y");

  @Test
  void everyKindHasAReadableKeyAndRoundTripsThroughItsArn() {
    assertThat(KEYS.keySet()).extracting(ResourceId::kind).containsExactlyInAnyOrder(ResourceKind.values());
    KEYS.forEach((id, key) -> {
      assertThat(id.key()).isEqualTo(key);
      assertThat(Arns.arn("us-west-2", "111122223333", id)).isEqualTo(PREFIX + key);
      assertThat(Arns.parse(PREFIX + key)).contains(id);
      assertThat(Arns.parse(key)).contains(id);
    });
    assertThat(Arns.parse("arn:aws-cn:appmesh:cn-north-1:111122223333:mesh/m/virtualGateway/g/gatewayRoute/y"))
        .contains(ResourceId.child("m", ResourceKind.GATEWAY_ROUTE, "g", "y"));
  }

  @Test
  void parentsAreTheRouterTheGatewayOrTheMesh() {
    assertThat(ResourceId.child("m", ResourceKind.ROUTE, "r", "x").parent())
        .isEqualTo(ResourceId.of("m", ResourceKind.VIRTUAL_ROUTER, "r"));
    assertThat(ResourceId.child("m", ResourceKind.GATEWAY_ROUTE, "g", "y").parent())
        .isEqualTo(ResourceId.of("m", ResourceKind.VIRTUAL_GATEWAY, "g"));
    for (ResourceKind kind : new ResourceKind[] {
        ResourceKind.VIRTUAL_NODE, ResourceKind.VIRTUAL_SERVICE, ResourceKind.VIRTUAL_ROUTER, ResourceKind.VIRTUAL_GATEWAY}) {
      assertThat(ResourceId.of("m", kind, "n").parent()).isEqualTo(ResourceId.mesh("m"));
    }
    assertThat(ResourceId.mesh("m").parent()).isEqualTo(ResourceId.mesh("m"));
  }

  @Test
  void idsRefuseAMissingOrSuperfluousParent() {
    assertThatThrownBy(() -> ResourceId.of("m", ResourceKind.ROUTE, "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResourceId.child("m", ResourceKind.VIRTUAL_NODE, "r", "n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ResourceId("m", ResourceKind.MESH, null, "other"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void arnsOfOtherServicesOrWithEmptyPartsNameNothing() {
    assertThat(Arns.parse("arn:aws:s3:us-west-2:111122223333:mesh/m")).isEmpty();
    assertThat(Arns.parse("arn:aws:appmesh-preview:us-west-2:111122223333:mesh/m")).isEmpty();
    assertThat(Arns.parse("arn::appmesh:us-west-2:111122223333:mesh/m")).isEmpty();
    assertThat(Arns.parse("arn:aws:appmesh::111122223333:mesh/m")).isEmpty();
    assertThat(Arns.parse("arn:aws:appmesh:us-west-2::mesh/m")).isEmpty();
    assertThat(Arns.parse("arn:aws:appmesh:us-west-2:111122223333:")).isEmpty();
    assertThat(Arns.parse("arn:aws:appmesh:us-west-2:mesh/m")).isEmpty();
    assertThat(Arns.parse("")).isEmpty();
  }

  @Test
  void keysWithBadSegmentsNameNothing() {
    for (String key : new String[] {
        "mesh", "mesh/", "mesh//virtualNode/n", "mesh/m/", "mesh/m/virtualNode", "mesh/m/virtualNode/",
        "mesh/m/virtualNode/n/", "meshes/m", "mesh/m/virtualnode/n", "mesh/m/mesh/m",
        "mesh/m/route/x", "mesh/m/gatewayRoute/y", "mesh/m/virtualRouter/r/route",
        "mesh/m/virtualRouter/r/gatewayRoute/x", "mesh/m/virtualGateway/g/route/x",
        "mesh/m/virtualNode/n/route/x", "mesh/m/virtualRouter/r/route/x/extra"}) {
      assertThat(Arns.parse(key)).as(key).isEmpty();
      assertThat(Arns.parse(PREFIX + key)).as(PREFIX + key).isEmpty();
    }
  }
}
