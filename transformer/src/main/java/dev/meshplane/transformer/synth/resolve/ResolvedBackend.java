package dev.meshplane.transformer.synth.resolve;

import java.util.List;
import java.util.Optional;

/**
 * A virtual service as seen by one caller: the ports it answers on, its routes per port in
 * App Mesh match order, and the caller's effective TLS origination toward it.
 */
public record ResolvedBackend(
    String virtualServiceName,
    List<PortProtocol> ports,
    List<ResolvedRoute> routes,
    Optional<TlsOrigination> tls) {

  public ResolvedBackend {
    ports = List.copyOf(ports);
    routes = List.copyOf(routes);
  }

  public List<ResolvedRoute> routesOn(int port) {
    return routes.stream().filter(r -> r.port() == port).toList();
  }
}
