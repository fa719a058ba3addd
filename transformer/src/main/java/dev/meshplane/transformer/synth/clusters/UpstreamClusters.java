package dev.meshplane.transformer.synth.clusters;

import com.google.common.net.InetAddresses;
import dev.meshplane.transformer.synth.EndpointResolution;
import dev.meshplane.transformer.synth.EnvoyNames;
import dev.meshplane.transformer.synth.ProxyKind;
import dev.meshplane.transformer.synth.ProxyResources;
import dev.meshplane.transformer.synth.Protos;
import dev.meshplane.transformer.synth.resolve.Discovery;
import dev.meshplane.transformer.synth.resolve.HealthCheckSpec;
import dev.meshplane.transformer.synth.resolve.TargetNode;
import dev.meshplane.transformer.synth.resolve.TlsOrigination;
import dev.meshplane.transformer.synth.resolve.TlsTermination;
import dev.meshplane.transformer.synth.tls.CertificateProviderTls;
import dev.meshplane.transformer.synth.tls.TlsContexts;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.Optional;

/**
 * The cluster a caller uses to reach one target node listener: EDS over ADS (what both Envoy and
 * gRPC clients accept), the target's health check and outlier detection, App Mesh's open circuit
 * breakers, and the caller's TLS origination. Its endpoints are a static assignment when the
 * target's DNS hostname is a literal IP, otherwise a resolution record for the management service.
 */
public final class UpstreamClusters {
  private UpstreamClusters() {}

  /** Adds the cluster and its endpoint source; returns the cluster's name. */
  public static String add(String mesh, TargetNode target, Optional<TlsOrigination> tls, ProxyResources out) {
    // Every route to the target adds it: built once per pass, so each proxy holds one object.
    return out.shared().piece(new Piece(mesh, target, tls), out, () -> anyKind(target, tls),
        shared -> build(mesh, target, tls, shared));
  }

  /**
   * Whether the cluster toward {@code target} is the same for both proxy kinds: only TLS (a client
   * policy's or the target listener's) is built per kind below.
   */
  public static boolean anyKind(TargetNode target, Optional<TlsOrigination> tls) {
    return target.tls().isEmpty() && tls.filter(t -> t.appliesTo(target.port())).isEmpty();
  }

  private record Piece(String mesh, TargetNode target, Optional<TlsOrigination> tls) {}

  private static String build(String mesh, TargetNode target, Optional<TlsOrigination> tls, ProxyResources out) {
    String name = EnvoyNames.egressCluster(mesh, target);
    Cluster.Builder cluster = Cluster.newBuilder()
        .setName(name)
        .setType(Cluster.DiscoveryType.EDS)
        .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(Protos.ADS))
        .setCircuitBreakers(ClusterPolicies.circuitBreakers(out.upstreamLimits()));
    ClusterPolicies.protocolOptions(target.protocol(), cluster);
    target.healthCheck().ifPresent(hc -> cluster.addHealthChecks(ClusterPolicies.healthCheck(hc)));
    target.outlierDetection().ifPresent(od -> cluster.setOutlierDetection(ClusterPolicies.outlierDetection(od)));
    Optional<TlsOrigination> applicable = tls.filter(t -> t.appliesTo(target.port())).map(t -> t.toward(target));
    if (applicable.isEmpty() && target.tls().isPresent()) {
      serverDecidesTls(name, target.tls().get(), cluster, out);
    } else if (applicable.isPresent()) {
      if (out.kind() == ProxyKind.PROXYLESS_GRPC) {
        // gRPC clients take TLS only from certificate provider instances of their bootstrap.
        CertificateProviderTls.upstream(applicable.get()).ifPresentOrElse(
            cluster::setTransportSocket,
            () -> out.warn("cluster " + name + ": client policy TLS is not generated for proxyless gRPC clients:"
                + " its certificate or trust is SDS or ACM, which gRPC clients cannot read; use file"
                + " certificates, served by the certificate_providers instances named after their paths"
                + " in the application's gRPC bootstrap"));
      } else {
        cluster.setTransportSocket(TlsContexts.upstream(applicable.get(), out));
      }
    }
    out.add(cluster.build());
    endpoints(name, target, out);
    return name;
  }

  /**
   * No client policy applies, so the target's listener decides, as in App Mesh: STRICT or
   * PERMISSIVE means TLS, an ACM certificate validated against its root CA, others not validated.
   * gRPC clients cannot do TLS without a bootstrap trust (gRFC A29): they stay plaintext, which a
   * PERMISSIVE listener accepts.
   */
  private static void serverDecidesTls(
      String name, TlsTermination listenerTls, Cluster.Builder cluster, ProxyResources out) {
    if (out.kind() != ProxyKind.PROXYLESS_GRPC) {
      cluster.setTransportSocket(TlsContexts.upstreamDecidedByServer(listenerTls, out));
    } else if (listenerTls.mode() == TlsTermination.Mode.STRICT) {
      out.warn("cluster " + name + ": the target listener's TLS is STRICT but gRPC clients can originate TLS"
          + " only with a client policy whose trust is a file (a certificate provider instance of the"
          + " application's bootstrap); left plaintext, which the target refuses");
    }
  }

  private static void endpoints(String clusterName, TargetNode target, ProxyResources out) {
    Optional<Integer> healthCheckPort = target.healthCheck().flatMap(HealthCheckSpec::port);
    if (target.discovery() instanceof Discovery.Dns dns && InetAddresses.isInetAddress(dns.hostname())) {
      Endpoint.Builder address = Endpoint.newBuilder().setAddress(socket(dns.hostname(), target.port()));
      healthCheckPort.ifPresent(p -> address.setHealthCheckConfig(Endpoint.HealthCheckConfig.newBuilder().setPortValue(p)));
      LbEndpoint.Builder endpoint = LbEndpoint.newBuilder().setEndpoint(address);
      out.add(ClusterLoadAssignment.newBuilder()
          .setClusterName(clusterName)
          // gRPC clients ignore localities without a weight; grpc-js-xds rejects (NACKs) one without a locality.
          .addEndpoints(LocalityLbEndpoints.newBuilder().setLocality(Locality.getDefaultInstance())
              .setLoadBalancingWeight(Protos.uint32(1)).addLbEndpoints(endpoint))
          .build());
    } else {
      out.add(new EndpointResolution(clusterName, target.port(), target.discovery(), healthCheckPort));
    }
  }

  static Address socket(String address, int port) {
    return Address.newBuilder()
        .setSocketAddress(SocketAddress.newBuilder().setAddress(address).setPortValue(port))
        .build();
  }
}
