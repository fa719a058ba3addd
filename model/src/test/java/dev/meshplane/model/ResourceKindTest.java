package dev.meshplane.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourceKindTest {
  @Test
  void everyKindIsFoundByItsApiNameAndArnSegmentAndNothingElseIs() {
    for (ResourceKind kind : ResourceKind.values()) {
      assertThat(ResourceKind.fromApiName(kind.apiName())).contains(kind);
      assertThat(ResourceKind.fromArnSegment(kind.arnSegment())).contains(kind);
    }
    assertThat(ResourceKind.fromApiName("virtualNode")).isEmpty();
    assertThat(ResourceKind.fromArnSegment("VirtualNode")).isEmpty();
    assertThat(ResourceKind.fromApiName("Meshes")).isEmpty();
  }

  @Test
  void onlyRoutesAndGatewayRoutesHaveAParentKind() {
    assertThat(ResourceKind.ROUTE.parentKind()).contains(ResourceKind.VIRTUAL_ROUTER);
    assertThat(ResourceKind.GATEWAY_ROUTE.parentKind()).contains(ResourceKind.VIRTUAL_GATEWAY);
    for (ResourceKind kind : ResourceKind.values()) {
      if (kind != ResourceKind.ROUTE && kind != ResourceKind.GATEWAY_ROUTE) {
        assertThat(kind.parentKind()).as(kind.name()).isEmpty();
      }
    }
  }
}
