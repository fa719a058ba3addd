package dev.meshplane.proxyconfig;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;

/**
 * Envoy's JSON of a stored payload (proto3 JSON, Any expanded): the resource types the envelope
 * packs, and every type the synthesizer packs inside them ({@link EnvoyTypes}).
 */
public final class EnvoyJson {
  private static final TypeRegistry TYPES =
      TypeRegistry.newBuilder()
          .add(Listener.getDescriptor())
          .add(RouteConfiguration.getDescriptor())
          .add(Cluster.getDescriptor())
          .add(ClusterLoadAssignment.getDescriptor())
          .add(EnvoyTypes.PACKED)
          .build();

  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().usingTypeRegistry(TYPES);

  private EnvoyJson() {}

  public static String print(MessageOrBuilder message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a packed type is missing from EnvoyTypes.PACKED: " + e.getMessage(), e);
    }
  }
}
