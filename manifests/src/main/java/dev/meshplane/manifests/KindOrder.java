package dev.meshplane.manifests;

import dev.meshplane.model.ResourceKind;
import java.util.Comparator;
import java.util.List;

/**
 * The order App Mesh lets resources be created in: each kind after what it may reference (a
 * route's target nodes, a service's provider, a gateway route's target service). Deletes go in
 * the reverse order.
 */
public final class KindOrder {
  public static final List<ResourceKind> CREATE = List.of(
      ResourceKind.MESH, ResourceKind.VIRTUAL_NODE, ResourceKind.VIRTUAL_ROUTER, ResourceKind.ROUTE,
      ResourceKind.VIRTUAL_SERVICE, ResourceKind.VIRTUAL_GATEWAY, ResourceKind.GATEWAY_ROUTE);

  private KindOrder() {}

  public static Comparator<ResourceKind> creation() {
    return Comparator.comparingInt(CREATE::indexOf);
  }
}
