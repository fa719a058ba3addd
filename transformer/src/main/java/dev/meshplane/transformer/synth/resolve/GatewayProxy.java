package dev.meshplane.transformer.synth.resolve;

import java.util.List;
import java.util.Optional;

/** Everything one virtual gateway's proxy needs; routes in App Mesh match order. */
public record GatewayProxy(
    String mesh,
    String name,
    List<GatewayPort> listeners,
    List<ResolvedGatewayRoute> routes,
    Optional<AccessLogSpec> accessLog,
    List<String> warnings) {

  public GatewayProxy {
    listeners = List.copyOf(listeners);
    routes = List.copyOf(routes);
    warnings = List.copyOf(warnings);
  }
}
