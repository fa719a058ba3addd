package dev.meshplane.envoy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The SDS secret names listeners and clusters point at, to check that secrets close the config. */
final class SdsReferences {
  private SdsReferences() {}

  /** Names used as TLS certificates. */
  static Set<String> certificateNames(List<Listener> listeners, List<Cluster> clusters) {
    Set<String> names = new TreeSet<>();
    contexts(listeners, clusters).forEach(c ->
        c.getTlsCertificateSdsSecretConfigsList().forEach(s -> names.add(s.getName())));
    return names;
  }

  /** Names used as validation contexts (trusted CAs). */
  static Set<String> validationNames(List<Listener> listeners, List<Cluster> clusters) {
    Set<String> names = new TreeSet<>();
    for (CommonTlsContext context : contexts(listeners, clusters)) {
      SdsSecretConfig sds = context.hasCombinedValidationContext()
          ? context.getCombinedValidationContext().getValidationContextSdsSecretConfig()
          : context.getValidationContextSdsSecretConfig();
      if (!sds.getName().isEmpty()) {
        names.add(sds.getName());
      }
    }
    return names;
  }

  static Set<String> all(List<Listener> listeners, List<Cluster> clusters) {
    Set<String> names = new TreeSet<>(certificateNames(listeners, clusters));
    names.addAll(validationNames(listeners, clusters));
    return names;
  }

  private static List<CommonTlsContext> contexts(List<Listener> listeners, List<Cluster> clusters) {
    List<CommonTlsContext> contexts = new java.util.ArrayList<>();
    for (Listener listener : listeners) {
      for (FilterChain chain : listener.getFilterChainsList()) {
        if (chain.hasTransportSocket()) {
          contexts.add(unpack(chain.getTransportSocket(), DownstreamTlsContext.class).getCommonTlsContext());
        }
      }
    }
    for (Cluster cluster : clusters) {
      if (cluster.hasTransportSocket()) {
        contexts.add(unpack(cluster.getTransportSocket(), UpstreamTlsContext.class).getCommonTlsContext());
      }
      cluster.getTransportSocketMatchesList().forEach(match ->
          contexts.add(unpack(match.getTransportSocket(), UpstreamTlsContext.class).getCommonTlsContext()));
    }
    return contexts;
  }

  private static <T extends com.google.protobuf.Message> T unpack(TransportSocket socket, Class<T> type) {
    try {
      return socket.getTypedConfig().unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(socket.getName() + " is not a " + type.getSimpleName(), e);
    }
  }
}
