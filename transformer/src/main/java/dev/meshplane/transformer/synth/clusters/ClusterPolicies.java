package dev.meshplane.transformer.synth.clusters;

import dev.meshplane.transformer.synth.Protos;
import dev.meshplane.transformer.synth.resolve.ConnectionLimits;
import dev.meshplane.transformer.synth.resolve.HealthCheckSpec;
import dev.meshplane.transformer.synth.resolve.OutlierSpec;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.OutlierDetection;
import io.envoyproxy.envoy.type.v3.CodecClientType;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.HealthCheck;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import dev.meshplane.model.vocabulary.Protocol;

/** Circuit breakers, health checks, outlier detection and HTTP/2 upstream options of a cluster. */
final class ClusterPolicies {
  static final String HTTP_PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

  private ClusterPolicies() {}

  static CircuitBreakers circuitBreakers(ConnectionLimits limits) {
    return CircuitBreakers.newBuilder()
        .addThresholds(CircuitBreakers.Thresholds.newBuilder()
            .setMaxConnections(Protos.uint32(limits.maxConnections()))
            .setMaxPendingRequests(Protos.uint32(limits.maxPendingRequests()))
            .setMaxRequests(Protos.uint32(limits.maxRequests()))
            .setMaxRetries(Protos.uint32(limits.maxRetries())))
        .build();
  }

  static HealthCheck healthCheck(HealthCheckSpec spec) {
    HealthCheck.Builder check = HealthCheck.newBuilder()
        .setTimeout(Protos.duration(spec.timeout()))
        .setInterval(Protos.duration(spec.interval()))
        .setHealthyThreshold(Protos.uint32(spec.healthyThreshold()))
        .setUnhealthyThreshold(Protos.uint32(spec.unhealthyThreshold()));
    switch (spec.protocol()) {
      case HTTP, HTTP2 -> check.setHttpHealthCheck(HealthCheck.HttpHealthCheck.newBuilder()
          .setPath(spec.path().orElse("/"))
          .setCodecClientType(spec.protocol() == Protocol.HTTP2 ? CodecClientType.HTTP2 : CodecClientType.HTTP1));
      case GRPC -> check.setGrpcHealthCheck(HealthCheck.GrpcHealthCheck.getDefaultInstance());
      case TCP -> check.setTcpHealthCheck(HealthCheck.TcpHealthCheck.getDefaultInstance());
    }
    return check.build();
  }

  static OutlierDetection outlierDetection(OutlierSpec spec) {
    return OutlierDetection.newBuilder()
        .setConsecutive5Xx(Protos.uint32(spec.maxServerErrors()))
        .setInterval(Protos.duration(spec.interval()))
        .setBaseEjectionTime(Protos.duration(spec.baseEjectionDuration()))
        .setMaxEjectionPercent(Protos.uint32(spec.maxEjectionPercent()))
        .build();
  }

  /** App Mesh spoke HTTP/2 upstream for http2 and grpc listeners. */
  static void protocolOptions(Protocol protocol, Cluster.Builder cluster) {
    if (protocol.isHttp2Upstream()) {
      HttpProtocolOptions options = HttpProtocolOptions.newBuilder()
          .setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
              .setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()))
          .build();
      cluster.putTypedExtensionProtocolOptions(HTTP_PROTOCOL_OPTIONS, Protos.pack(options));
    }
  }
}
