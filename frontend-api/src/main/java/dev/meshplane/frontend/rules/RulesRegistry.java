package dev.meshplane.frontend.rules;

import dev.meshplane.model.ResourceKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** One {@link KindRules} per resource kind; a kind without rules fails at start-up. */
public final class RulesRegistry {
  private final Map<ResourceKind, KindRules<?>> byKind = new EnumMap<>(ResourceKind.class);

  public RulesRegistry(List<KindRules<?>> rules) {
    for (KindRules<?> rule : rules) {
      if (byKind.put(rule.kind(), rule) != null) {
        throw new IllegalStateException("two rule sets for " + rule.kind());
      }
    }
    for (ResourceKind kind : ResourceKind.values()) {
      if (!byKind.containsKey(kind)) {
        throw new IllegalStateException("no rules registered for resource kind " + kind);
      }
    }
  }

  public static RulesRegistry standard() {
    return new RulesRegistry(
        List.of(
            new MeshRules(),
            new VirtualServiceRules(),
            new VirtualRouterRules(),
            new RouteRules(),
            new VirtualNodeRules(),
            new VirtualGatewayRules(),
            new GatewayRouteRules()));
  }

  public KindRules<?> forKind(ResourceKind kind) {
    return byKind.get(kind);
  }
}
