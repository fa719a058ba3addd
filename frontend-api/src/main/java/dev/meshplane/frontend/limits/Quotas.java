package dev.meshplane.frontend.limits;

import com.google.protobuf.Message;
import dev.meshplane.frontend.api.ApiException;
import dev.meshplane.frontend.api.ErrorType;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.appmesh.VirtualNodeSpec;
import dev.meshplane.store.CountLimit;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * App Mesh's service quotas as settings ({@code meshplane.limits.*}), with App Mesh's default
 * values. Resource counts become {@link CountLimit}s that the store checks inside the create's
 * transaction (exact under concurrency); list sizes inside one spec are checked here. Weighted
 * targets per route (10, not adjustable in App Mesh) stay a model constraint (BadRequestException).
 */
public final class Quotas {

  public static final String PREFIX = "meshplane.limits.";

  /** One count quota: its setting key, App Mesh's name for it and its default. */
  private enum CountQuota {
    MESHES(ResourceKind.MESH, "meshes", "meshes per account", 15),
    VIRTUAL_SERVICES(ResourceKind.VIRTUAL_SERVICE, "virtual-services-per-mesh", "virtual services per mesh", 200),
    VIRTUAL_NODES(ResourceKind.VIRTUAL_NODE, "virtual-nodes-per-mesh", "virtual nodes per mesh", 200),
    VIRTUAL_ROUTERS(ResourceKind.VIRTUAL_ROUTER, "virtual-routers-per-mesh", "virtual routers per mesh", 200),
    VIRTUAL_GATEWAYS(ResourceKind.VIRTUAL_GATEWAY, "virtual-gateways-per-mesh", "virtual gateways per mesh", 3),
    ROUTES(ResourceKind.ROUTE, "routes-per-virtual-router", "routes per virtual router", 50),
    GATEWAY_ROUTES(
        ResourceKind.GATEWAY_ROUTE, "gateway-routes-per-virtual-gateway", "gateway routes per virtual gateway", 10);

    final ResourceKind kind;
    final String key;
    final String title;
    final long defaultMax;

    CountQuota(ResourceKind kind, String key, String title, long defaultMax) {
      this.kind = kind;
      this.key = key;
      this.title = title;
      this.defaultMax = defaultMax;
    }
  }

  static final String BACKENDS_PER_VIRTUAL_NODE = PREFIX + "backends-per-virtual-node";
  static final long DEFAULT_BACKENDS_PER_VIRTUAL_NODE = 50;

  private final Map<ResourceKind, CountLimit> counts;
  private final int backendsPerVirtualNode;

  private Quotas(Map<ResourceKind, CountLimit> counts, int backendsPerVirtualNode) {
    this.counts = Map.copyOf(counts);
    this.backendsPerVirtualNode = backendsPerVirtualNode;
  }

  public static Quotas appMeshDefaults() {
    return from(key -> Optional.empty());
  }

  /** App Mesh's defaults, overridden by whichever keys {@code setting} finds. */
  public static Quotas from(Function<String, Optional<String>> setting) {
    Map<ResourceKind, CountLimit> counts = new EnumMap<>(ResourceKind.class);
    for (CountQuota quota : CountQuota.values()) {
      String key = PREFIX + quota.key;
      counts.put(quota.kind, new CountLimit(intSetting(setting, key, quota.defaultMax), quota.title + ", " + key));
    }
    return new Quotas(
        counts, intSetting(setting, BACKENDS_PER_VIRTUAL_NODE, DEFAULT_BACKENDS_PER_VIRTUAL_NODE));
  }

  /** The most resources of this kind the store may hold beside a new one. */
  public Optional<CountLimit> countLimit(ResourceKind kind) {
    return Optional.ofNullable(counts.get(kind));
  }

  /** Refuses a spec whose lists are longer than their quota, before anything is written. */
  public void checkSpec(ResourceKind kind, Message spec) {
    if (kind == ResourceKind.VIRTUAL_NODE && spec instanceof VirtualNodeSpec node) {
      if (node.getBackendsCount() > backendsPerVirtualNode) {
        throw new ApiException(
            ErrorType.LimitExceededException,
            "spec.backends: " + node.getBackendsCount() + " backends, more than the limit of "
                + backendsPerVirtualNode + " backends per virtual node (" + BACKENDS_PER_VIRTUAL_NODE + ")");
      }
    }
  }

  private static int intSetting(Function<String, Optional<String>> setting, String key, long fallback) {
    long value = Settings.number(setting, key, fallback);
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(key + " must be between 0 and " + Integer.MAX_VALUE + ", got " + value);
    }
    return (int) value;
  }
}
