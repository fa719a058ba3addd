package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.appmesh.GrpcRoute;
import dev.meshplane.model.appmesh.HttpRoute;

/** Route retry policies and timeouts, App Mesh's default retries applied where none is declared. */
final class RoutePolicies {
  private RoutePolicies() {}

  static Retries retries(HttpRoute route) {
    if (!route.hasRetryPolicy()) {
      return Retries.APP_MESH_DEFAULT;
    }
    var p = route.getRetryPolicy();
    return new Retries.Declared(
        p.getMaxRetries(),
        Durations.of(p.getPerRetryTimeout()),
        p.getHttpRetryEventsList(),
        p.getTcpRetryEventsList(),
        java.util.List.of());
  }

  static Retries retries(GrpcRoute route) {
    if (!route.hasRetryPolicy()) {
      return Retries.APP_MESH_DEFAULT;
    }
    var p = route.getRetryPolicy();
    return new Retries.Declared(
        p.getMaxRetries(),
        Durations.of(p.getPerRetryTimeout()),
        p.getHttpRetryEventsList(),
        p.getTcpRetryEventsList(),
        p.getGrpcRetryEventsList());
  }

  static Timeouts timeouts(HttpRoute route) {
    return route.hasTimeout() ? ListenerPolicies.timeouts(route.getTimeout()) : Timeouts.NONE;
  }

  static Timeouts timeouts(GrpcRoute route) {
    return route.hasTimeout() ? ListenerPolicies.timeouts(route.getTimeout()) : Timeouts.NONE;
  }
}
