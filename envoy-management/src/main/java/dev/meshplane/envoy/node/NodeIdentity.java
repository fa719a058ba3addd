package dev.meshplane.envoy.node;

import dev.meshplane.model.Arns;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import io.envoyproxy.envoy.config.core.v3.Node;

/**
 * Reads who a connecting node says it is: {@code node.id} is the proxy's ARN
 * ({@code arn:aws:appmesh:<region>:<account>:mesh/<mesh>/virtualNode/<name>}) or its short form
 * ({@code mesh/<mesh>/virtualNode/<name>}); virtual gateways alike.
 */
public final class NodeIdentity {
  private NodeIdentity() {}

  /**
   * Throws {@link IllegalArgumentException} with a message for the client when the id names no
   * proxy. Also the cache's node grouping, which only sees nodes the stream callbacks admitted.
   */
  public static ProxyTarget identify(Node node) {
    String id = node.getId();
    if (id.isEmpty()) {
      throw new IllegalArgumentException("node.id is empty; expected mesh/<mesh>/virtualNode/<name> or its ARN");
    }
    ResourceId proxy = Arns.parse(id)
        .filter(r -> r.kind() == ResourceKind.VIRTUAL_NODE || r.kind() == ResourceKind.VIRTUAL_GATEWAY)
        .orElseThrow(() -> new IllegalArgumentException("node.id \"" + id
            + "\" names no virtual node or virtual gateway; expected mesh/<mesh>/virtualNode/<name> or its ARN"));
    return new ProxyTarget(proxy, ProxyVariant.of(node));
  }
}
