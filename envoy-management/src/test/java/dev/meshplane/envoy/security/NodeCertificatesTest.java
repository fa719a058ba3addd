package dev.meshplane.envoy.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeCertificatesTest {
  @TempDir Path dir;

  @Test
  void readsTheNodeFromAnArnOrShortFormUriSan() {
    TestCertificates.Issued ca = TestCertificates.authority(dir, "ca");
    assertThat(node(ca, "arn:aws:appmesh:eu-west-1:111122223333:mesh/m/virtualNode/n"))
        .isEqualTo(ResourceId.of("m", ResourceKind.VIRTUAL_NODE, "n"));
    // No scheme: the JDK's SAN parser refuses this URI, the DER reader does not.
    assertThat(node(ca, "mesh/m/virtualGateway/g")).isEqualTo(ResourceId.of("m", ResourceKind.VIRTUAL_GATEWAY, "g"));
  }

  @Test
  void otherNamesAreNoNode() {
    TestCertificates.Issued ca = TestCertificates.authority(dir, "ca");
    assertThat(NodeCertificates.node(TestCertificates.client(dir, "mesh", ca, "mesh/m").certificate())).isEmpty();
    assertThat(NodeCertificates.node(TestCertificates.client(dir, "route", ca,
        "mesh/m/virtualRouter/r/route/x").certificate())).isEmpty();
    assertThat(NodeCertificates.node(TestCertificates.client(dir, "spiffe", ca,
        "spiffe://cluster.local/ns/default/sa/n").certificate())).isEmpty();
    assertThat(NodeCertificates.node(TestCertificates.client(dir, "dns-only", ca, null).certificate())).isEmpty();
    assertThat(NodeCertificates.node(ca.certificate())).isEmpty();
  }

  private ResourceId node(TestCertificates.Issued ca, String uri) {
    return NodeCertificates.node(TestCertificates.client(dir, "c" + Math.abs(uri.hashCode()), ca, uri).certificate())
        .orElseThrow();
  }
}
