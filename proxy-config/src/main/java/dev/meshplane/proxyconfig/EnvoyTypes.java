package dev.meshplane.proxyconfig;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.extensions.access_loggers.file.v3.FileAccessLog;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.listener.original_dst.v3.OriginalDst;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.util.List;

/**
 * Every message type the synthesizer packs into an {@code Any} inside the Envoy resources: what a
 * reader of the stored format needs to print it as JSON. A type the synthesizer starts packing is
 * added here.
 */
public final class EnvoyTypes {
  public static final List<Descriptor> PACKED = List.of(
      HttpConnectionManager.getDescriptor(),
      TcpProxy.getDescriptor(),
      Router.getDescriptor(),
      OriginalDst.getDescriptor(),
      TlsInspector.getDescriptor(),
      DownstreamTlsContext.getDescriptor(),
      UpstreamTlsContext.getDescriptor(),
      FileAccessLog.getDescriptor(),
      HttpProtocolOptions.getDescriptor());

  public static final JsonFormat.TypeRegistry REGISTRY = JsonFormat.TypeRegistry.newBuilder().add(PACKED).build();

  private EnvoyTypes() {}

  public static String typeUrl(Descriptor descriptor) {
    return "type.googleapis.com/" + descriptor.getFullName();
  }
}
