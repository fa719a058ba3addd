package dev.meshplane.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArnsTest {
  @Test
  void everyKindRoundTripsThroughItsArn() {
    for (ResourceId id : new ResourceId[] {
        ResourceId.mesh("m"),
        ResourceId.of("m", ResourceKind.VIRTUAL_NODE, "n"),
        ResourceId.of("m", ResourceKind.VIRTUAL_SERVICE, "svc.local"),
        ResourceId.of("m", ResourceKind.VIRTUAL_ROUTER, "r"),
        ResourceId.of("m", ResourceKind.VIRTUAL_GATEWAY, "g"),
        ResourceId.child("m", ResourceKind.ROUTE, "r", "x"),
        ResourceId.child("m", ResourceKind.GATEWAY_ROUTE, "g", "y")}) {
      String arn = Arns.arn("us-west-2", "111122223333", id);
      assertThat(Arns.parse(arn)).contains(id);
      assertThat(Arns.parse(id.key())).contains(id);
    }
    assertThat(Arns.arn("us-west-2", "111122223333", ResourceId.child("m", ResourceKind.ROUTE, "r", "x")))
        .isEqualTo("arn:aws:appmesh:us-west-2:111122223333:mesh/m/virtualRouter/r/route/x");
  }

  @Test
  void parentsAreTheRouterTheGatewayOrTheMesh() {
    assertThat(ResourceId.child("m", ResourceKind.ROUTE, "r", "x").parent())
        .isEqualTo(ResourceId.of("m", ResourceKind.VIRTUAL_ROUTER, "r"));
    assertThat(ResourceId.of("m", ResourceKind.VIRTUAL_NODE, "n").parent()).isEqualTo(ResourceId.mesh("m"));
  }

  @Test
  void malformedArnsNameNothing() {
    assertThat(Arns.parse("arn:aws:s3:us-west-2:111122223333:mesh/m")).isEmpty();
    assertThat(Arns.parse("arn:aws:appmesh:us-west-2:111122223333:mesh/m/route/x")).isEmpty();
    assertThat(Arns.parse("arn:aws:appmesh:us-west-2:111122223333:mesh/m/virtualNode/")).isEmpty();
    assertThat(Arns.parse("arn:aws:appmesh:us-west-2:111122223333:mesh/m/virtualRouter/r/gatewayRoute/x")).isEmpty();
    assertThat(Arns.parse("mesh")).isEmpty();
  }
}
