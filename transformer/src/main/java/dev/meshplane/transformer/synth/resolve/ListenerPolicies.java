package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.vocabulary.Protocol;
import dev.meshplane.model.appmesh.GrpcTimeout;
import dev.meshplane.model.appmesh.HealthCheckPolicy;
import dev.meshplane.model.appmesh.HttpTimeout;
import dev.meshplane.model.appmesh.ListenerTimeout;
import dev.meshplane.model.appmesh.OutlierDetection;
import dev.meshplane.model.appmesh.TcpTimeout;
import dev.meshplane.model.appmesh.VirtualGatewayConnectionPool;
import dev.meshplane.model.appmesh.VirtualNodeConnectionPool;
import java.time.Duration;
import java.util.Optional;

/** Listener timeouts, pools, health checks and outlier detection from the model into the graph. */
final class ListenerPolicies {
  private ListenerPolicies() {}

  static Timeouts timeouts(ListenerTimeout timeout) {
    if (timeout.hasHttp()) {
      return timeouts(timeout.getHttp());
    }
    if (timeout.hasHttp2()) {
      return timeouts(timeout.getHttp2());
    }
    if (timeout.hasGrpc()) {
      return timeouts(timeout.getGrpc());
    }
    if (timeout.hasTcp()) {
      return timeouts(timeout.getTcp());
    }
    return Timeouts.NONE;
  }

  static Timeouts timeouts(HttpTimeout t) {
    return new Timeouts(
        t.hasPerRequest() ? Optional.of(Durations.of(t.getPerRequest())) : Optional.empty(),
        t.hasIdle() ? Optional.of(Durations.of(t.getIdle())) : Optional.empty());
  }

  static Timeouts timeouts(GrpcTimeout t) {
    return new Timeouts(
        t.hasPerRequest() ? Optional.of(Durations.of(t.getPerRequest())) : Optional.empty(),
        t.hasIdle() ? Optional.of(Durations.of(t.getIdle())) : Optional.empty());
  }

  static Timeouts timeouts(TcpTimeout t) {
    return new Timeouts(
        Optional.empty(), t.hasIdle() ? Optional.of(Durations.of(t.getIdle())) : Optional.empty());
  }

  /** A declared pool lowers only the limits it names; the rest stay App Mesh's "unlimited". */
  static ConnectionLimits limits(VirtualNodeConnectionPool pool) {
    if (pool.hasHttp()) {
      var http = pool.getHttp();
      return httpLimits(http.getMaxConnections(), http.hasMaxPendingRequests() ? http.getMaxPendingRequests() : null);
    }
    if (pool.hasHttp2()) {
      return requestLimits(pool.getHttp2().getMaxRequests());
    }
    if (pool.hasGrpc()) {
      return requestLimits(pool.getGrpc().getMaxRequests());
    }
    if (pool.hasTcp()) {
      int unlimited = ConnectionLimits.UNLIMITED;
      return new ConnectionLimits(pool.getTcp().getMaxConnections(), unlimited, unlimited, unlimited);
    }
    return ConnectionLimits.APP_MESH_DEFAULT;
  }

  /** A gateway listener's pool has the node pool's shape (without tcp): the same rule. */
  static ConnectionLimits limits(VirtualGatewayConnectionPool pool) {
    return limits(GatewayShapes.asNode(pool, VirtualNodeConnectionPool.getDefaultInstance()));
  }

  private static ConnectionLimits httpLimits(int maxConnections, Integer maxPendingRequests) {
    int unlimited = ConnectionLimits.UNLIMITED;
    return new ConnectionLimits(
        maxConnections, maxPendingRequests != null ? maxPendingRequests : unlimited, unlimited, unlimited);
  }

  private static ConnectionLimits requestLimits(int maxRequests) {
    int unlimited = ConnectionLimits.UNLIMITED;
    return new ConnectionLimits(unlimited, unlimited, maxRequests, unlimited);
  }

  static HealthCheckSpec healthCheck(HealthCheckPolicy hc) {
    return new HealthCheckSpec(
        Protocol.of(hc.getProtocol()),
        hc.hasPath() ? Optional.of(hc.getPath()) : Optional.empty(),
        hc.hasPort() ? Optional.of(hc.getPort()) : Optional.empty(),
        Duration.ofMillis(hc.getIntervalMillis()),
        Duration.ofMillis(hc.getTimeoutMillis()),
        hc.getHealthyThreshold(),
        hc.getUnhealthyThreshold());
  }

  static OutlierSpec outlier(OutlierDetection od) {
    return new OutlierSpec(
        od.getMaxServerErrors(),
        Durations.of(od.getInterval()),
        Durations.of(od.getBaseEjectionDuration()),
        od.getMaxEjectionPercent());
  }
}
