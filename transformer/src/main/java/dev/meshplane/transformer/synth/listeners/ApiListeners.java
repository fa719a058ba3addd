package dev.meshplane.transformer.synth.listeners;

import dev.meshplane.transformer.synth.ProxyResources;
import dev.meshplane.transformer.synth.SharedPieces;
import dev.meshplane.transformer.synth.Protos;
import dev.meshplane.transformer.synth.resolve.NodeProxy;
import dev.meshplane.transformer.synth.resolve.PortProtocol;
import dev.meshplane.transformer.synth.resolve.ResolvedBackend;
import dev.meshplane.transformer.synth.routes.BackendVirtualHosts;
import dev.meshplane.transformer.synth.routes.EgressRouteConfigs;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.util.List;
import java.util.Optional;

/**
 * A proxyless gRPC client's listeners: {@code xds:///<service>[:port]} makes the client ask LDS for
 * exactly {@code <service>} or {@code <service>:<port>}, so each backend HTTP port gets an API
 * listener under both names (the bare name on the lowest port), each pointing at the route
 * configuration of that port.
 */
public final class ApiListeners {
  private ApiListeners() {}

  public static void add(NodeProxy node, ProxyResources out) {
    for (ResolvedBackend backend : node.backends()) {
      // The same for every caller in the mesh with the same view of the backend: built once per pass.
      out.shared().piece(new Piece(node.mesh(), SharedPieces.backend(backend)), out, shared -> {
        add(node, backend, shared);
        return backend;
      });
    }
  }

  /** What {@link #add(NodeProxy, ResolvedBackend, ProxyResources)} reads: the node's mesh and the backend. */
  private record Piece(String mesh, Object backend) {}

  private static void add(NodeProxy node, ResolvedBackend backend, ProxyResources out) {
    List<Integer> ports = BackendVirtualHosts.httpPorts(backend);
    for (int port : ports) {
      String routes = EgressRouteConfigs.proxyless(node, backend, port, out);
      if (port == ports.get(0)) {
        out.add(listener(backend.virtualServiceName(), routes));
      }
      out.add(listener(backend.virtualServiceName() + ":" + port, routes));
    }
    backend.ports().stream()
        .filter(p -> !p.protocol().isHttpFamily())
        .map(PortProtocol::port)
        .forEach(p -> out.warn("backend " + backend.virtualServiceName() + " tcp port " + p
            + " is not served to gRPC clients"));
  }

  private static Listener listener(String name, String routeConfigName) {
    var manager = NetworkFilters.connectionManager(
        name, routeConfigName, Optional.empty(), NetworkFilters.HostPort.KEEP);
    return Listener.newBuilder()
        .setName(name)
        .setApiListener(ApiListener.newBuilder().setApiListener(Protos.pack(manager)))
        .build();
  }
}
