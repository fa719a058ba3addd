package dev.meshplane.transformer.output;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.meshplane.model.internal.Attribute;
import dev.meshplane.model.internal.CloudMapResolution;
import dev.meshplane.model.internal.DnsResolution;
import dev.meshplane.model.internal.EndpointResolution;
import dev.meshplane.model.internal.ProxyConfig;
import dev.meshplane.model.internal.SecretReference;
import dev.meshplane.model.internal.StoredProxyConfig;
import dev.meshplane.transformer.synth.resolve.Discovery;
import java.util.Optional;
import java.util.function.Function;

/**
 * The config store payload of a proxy: its synthesized variants (sidecar, and proxyless gRPC for
 * virtual nodes) in the {@code StoredProxyConfig} envelope of {@code proto/}. Deterministic: equal
 * inputs give equal bytes, so content hashes are versions. Reading it back (bytes, unpacking, JSON)
 * is {@code proxy-config}'s {@code StoredProxyConfigCodec} and {@code EnvoyJson}.
 */
public final class ProxyConfigCodec {
  private ProxyConfigCodec() {}

  public static StoredProxyConfig stored(
      dev.meshplane.transformer.synth.ProxyConfig sidecar, Optional<dev.meshplane.transformer.synth.ProxyConfig> proxyless) {
    return stored(sidecar, proxyless, Any::pack);
  }

  /**
   * With {@code pack} putting each resource in its {@code Any}: a pass passes one that packs a
   * resource shared by many proxies (the same object) once.
   */
  public static StoredProxyConfig stored(dev.meshplane.transformer.synth.ProxyConfig sidecar,
      Optional<dev.meshplane.transformer.synth.ProxyConfig> proxyless, Function<Message, Any> pack) {
    StoredProxyConfig.Builder stored = StoredProxyConfig.newBuilder().setSidecar(envelope(sidecar, pack));
    proxyless.ifPresent(p -> stored.setProxylessGrpc(envelope(p, pack)));
    return stored.build();
  }

  public static ProxyConfig envelope(dev.meshplane.transformer.synth.ProxyConfig config) {
    return envelope(config, Any::pack);
  }

  private static ProxyConfig envelope(dev.meshplane.transformer.synth.ProxyConfig config, Function<Message, Any> pack) {
    ProxyConfig.Builder envelope = ProxyConfig.newBuilder()
        .setProxyKey(config.key())
        .setKind(config.kind().name());
    config.listeners().forEach(l -> envelope.addListeners(pack.apply(l)));
    config.routeConfigurations().forEach(r -> envelope.addRouteConfigurations(pack.apply(r)));
    config.clusters().forEach(c -> envelope.addClusters(pack.apply(c)));
    config.clusterLoadAssignments().forEach(a -> envelope.addClusterLoadAssignments(pack.apply(a)));
    config.endpointResolutions().forEach(r -> envelope.addEndpointResolutions(resolution(r)));
    config.secrets().forEach(s ->
        envelope.addSecrets(SecretReference.newBuilder().setName(s.name()).setSource(s.source().name())));
    envelope.addAllWarnings(config.warnings());
    return envelope.build();
  }

  static EndpointResolution resolution(dev.meshplane.transformer.synth.EndpointResolution resolution) {
    EndpointResolution.Builder builder = EndpointResolution.newBuilder()
        .setClusterName(resolution.clusterName())
        .setPort(resolution.port());
    resolution.healthCheckPort().ifPresent(builder::setHealthCheckPort);
    if (resolution.discovery() instanceof Discovery.Dns dns) {
      DnsResolution.Builder d = DnsResolution.newBuilder().setHostname(dns.hostname()).setResponseType(dns.responseType().name());
      dns.ipPreference().ifPresent(p -> d.setIpPreference(p.name()));
      builder.setDns(d);
    } else if (resolution.discovery() instanceof Discovery.CloudMap map) {
      CloudMapResolution.Builder c = CloudMapResolution.newBuilder()
          .setNamespaceName(map.namespace())
          .setServiceName(map.service());
      map.attributes().forEach(a -> c.addAttributes(Attribute.newBuilder().setKey(a.key()).setValue(a.value())));
      map.ipPreference().ifPresent(p -> c.setIpPreference(p.name()));
      builder.setCloudMap(c);
    }
    return builder.build();
  }
}
