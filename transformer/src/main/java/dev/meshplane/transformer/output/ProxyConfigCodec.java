package dev.meshplane.transformer.output;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.meshplane.model.internal.Attribute;
import dev.meshplane.model.internal.CloudMapResolution;
import dev.meshplane.model.internal.DnsResolution;
import dev.meshplane.model.internal.EndpointResolution;
import dev.meshplane.model.internal.ProxyConfig;
import dev.meshplane.model.internal.SecretReference;
import dev.meshplane.transformer.synth.resolve.Discovery;
import java.util.List;

/**
 * The config store payload of a proxy: the synthesized sidecar resources plus, for the same node,
 * the API listeners a proxyless gRPC client asks for, in the {@code ProxyConfig} envelope of
 * {@code proto/}. Deterministic: equal inputs give equal bytes, so content hashes are versions.
 */
public final class ProxyConfigCodec {
  private ProxyConfigCodec() {}

  public static ProxyConfig envelope(
      dev.meshplane.transformer.synth.ProxyConfig sidecar, List<io.envoyproxy.envoy.config.listener.v3.Listener> proxylessListeners) {
    ProxyConfig.Builder envelope = ProxyConfig.newBuilder()
        .setProxyKey(sidecar.key())
        .setKind(sidecar.kind().name());
    sidecar.listeners().forEach(l -> envelope.addListeners(Any.pack(l)));
    sidecar.routeConfigurations().forEach(r -> envelope.addRouteConfigurations(Any.pack(r)));
    sidecar.clusters().forEach(c -> envelope.addClusters(Any.pack(c)));
    sidecar.clusterLoadAssignments().forEach(a -> envelope.addClusterLoadAssignments(Any.pack(a)));
    sidecar.endpointResolutions().forEach(r -> envelope.addEndpointResolutions(resolution(r)));
    sidecar.secrets().forEach(s ->
        envelope.addSecrets(SecretReference.newBuilder().setName(s.name()).setSource(s.source().name())));
    envelope.addAllWarnings(sidecar.warnings());
    proxylessListeners.forEach(l -> envelope.addProxylessListeners(Any.pack(l)));
    return envelope.build();
  }

  public static byte[] encode(ProxyConfig envelope) {
    return envelope.toByteArray();
  }

  public static ProxyConfig decode(byte[] payload) {
    try {
      return ProxyConfig.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a proxy config payload: " + e.getMessage(), e);
    }
  }

  /** Unpacks one resource list of the envelope into its Envoy type. */
  public static <T extends Message> List<T> unpack(List<Any> resources, Class<T> type) {
    return resources.stream().map(any -> {
      try {
        return any.unpack(type);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalArgumentException("resource is not a " + type.getSimpleName(), e);
      }
    }).toList();
  }

  private static EndpointResolution resolution(dev.meshplane.transformer.synth.EndpointResolution resolution) {
    EndpointResolution.Builder builder = EndpointResolution.newBuilder()
        .setClusterName(resolution.clusterName())
        .setPort(resolution.port());
    resolution.healthCheckPort().ifPresent(builder::setHealthCheckPort);
    if (resolution.discovery() instanceof Discovery.Dns dns) {
      DnsResolution.Builder d = DnsResolution.newBuilder().setHostname(dns.hostname()).setResponseType(dns.responseType());
      dns.ipPreference().ifPresent(d::setIpPreference);
      builder.setDns(d);
    } else if (resolution.discovery() instanceof Discovery.CloudMap map) {
      CloudMapResolution.Builder c = CloudMapResolution.newBuilder()
          .setNamespaceName(map.namespace())
          .setServiceName(map.service());
      map.attributes().forEach(a -> c.addAttributes(Attribute.newBuilder().setKey(a.key()).setValue(a.value())));
      map.ipPreference().ifPresent(c::setIpPreference);
      builder.setCloudMap(c);
    }
    return builder.build();
  }
}
