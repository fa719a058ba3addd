package dev.meshplane.envoy.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshplane.model.ResourceKind;
import io.envoyproxy.envoy.config.core.v3.Node;
import org.junit.jupiter.api.Test;

class NodeIdentityTest {
  private final NodeIdentity identity = new NodeIdentity("eu-west-1", "111122223333");

  @Test
  void nodeIdsAreArnsOrKeysOfNodesAndGateways() {
    ProxyTarget arn = identity.identify(node("arn:aws:appmesh:eu-west-1:111122223333:mesh/m/virtualGateway/gw"));
    assertThat(arn.proxy().kind()).isEqualTo(ResourceKind.VIRTUAL_GATEWAY);
    assertThat(arn.key()).isEqualTo("mesh/m/virtualGateway/gw");
    assertThat(identity.identify(node("mesh/m/virtualNode/n")).key()).isEqualTo("mesh/m/virtualNode/n");
    assertThatThrownBy(() -> identity.identify(node("mesh/m/virtualRouter/r")))
        .hasMessageContaining("names no virtual node");
    assertThatThrownBy(() -> identity.identify(Node.getDefaultInstance())).hasMessageContaining("empty");
  }

  @Test
  void anArnOfAnotherRegionOrAccountIsAnotherProxyAndRefused() {
    assertThatThrownBy(() -> identity.identify(node("arn:aws:appmesh:us-east-1:111122223333:mesh/m/virtualNode/n")))
        .hasMessageContaining("region us-east-1").hasMessageContaining("region eu-west-1");
    assertThatThrownBy(() -> identity.identify(node("arn:aws:appmesh:eu-west-1:444455556666:mesh/m/virtualNode/n")))
        .hasMessageContaining("account 444455556666").hasMessageContaining("account 111122223333");
  }

  @Test
  void theControllersSharedMeshFormNamesTheOwnerAccount() {
    assertThat(identity.identify(node("mesh/m@111122223333/virtualNode/n")).key()).isEqualTo("mesh/m/virtualNode/n");
    assertThat(identity.identify(node("mesh/m@111122223333/virtualGateway/gw")).proxy().kind())
        .isEqualTo(ResourceKind.VIRTUAL_GATEWAY);
    assertThatThrownBy(() -> identity.identify(node("mesh/m@444455556666/virtualNode/n")))
        .hasMessageContaining("owner 444455556666");
    assertThatThrownBy(() -> identity.identify(node("mesh/m@/virtualNode/n"))).hasMessageContaining("owner");
  }

  @Test
  void aHugeIdIsNotEchoedWhole() {
    String huge = "mesh/" + "x".repeat(100_000) + "/virtualRouter/r";
    assertThatThrownBy(() -> identity.identify(node(huge)))
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(600));
  }

  private static Node node(String id) {
    return Node.newBuilder().setId(id).build();
  }
}
