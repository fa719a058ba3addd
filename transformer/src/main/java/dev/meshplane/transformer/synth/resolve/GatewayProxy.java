package dev.meshplane.transformer.synth.resolve;

import java.util.List;
import java.util.Optional;

/**
 * Everything one virtual gateway's proxy needs; routes in App Mesh match order.
 *
 * @param upstreamLimits the circuit breakers of the gateway's upstream clusters, from its
 *     listeners' connection pools; clusters are shared by all listeners, so with several pools
 *     the tightest limit of each kind applies
 */
public record GatewayProxy(
    String mesh,
    String name,
    ProxyAddresses addresses,
    List<GatewayPort> listeners,
    ConnectionLimits upstreamLimits,
    List<ResolvedGatewayRoute> routes,
    Optional<AccessLogSpec> accessLog,
    List<String> warnings) {

  public GatewayProxy {
    listeners = List.copyOf(listeners);
    routes = List.copyOf(routes);
    warnings = List.copyOf(warnings);
  }
}
