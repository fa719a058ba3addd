package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.appmesh.GrpcRoute;
import dev.meshplane.model.appmesh.HttpRoute;
import dev.meshplane.model.vocabulary.RetryEvent;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Route retry policies and timeouts: App Mesh's events translated to Envoy conditions, and App
 * Mesh's default retries where a route declares none.
 */
final class RoutePolicies {
  private RoutePolicies() {}

  static Retries retries(HttpRoute route, String context, List<String> warnings) {
    if (!route.hasRetryPolicy()) {
      return Retries.APP_MESH_DEFAULT;
    }
    var p = route.getRetryPolicy();
    return declared(p.getMaxRetries(), p.getPerRetryTimeout(),
        List.of(p.getHttpRetryEventsList(), p.getTcpRetryEventsList(), List.of()), context, warnings);
  }

  static Retries retries(GrpcRoute route, String context, List<String> warnings) {
    if (!route.hasRetryPolicy()) {
      return Retries.APP_MESH_DEFAULT;
    }
    var p = route.getRetryPolicy();
    return declared(p.getMaxRetries(), p.getPerRetryTimeout(),
        List.of(p.getHttpRetryEventsList(), p.getTcpRetryEventsList(), p.getGrpcRetryEventsList()), context, warnings);
  }

  /** @param events the policy's event lists in {@link RetryEvent.Family} order (HTTP, TCP, gRPC) */
  private static Retries declared(
      long maxRetries, dev.meshplane.model.appmesh.Duration perRetryTimeout, List<List<String>> events,
      String context, List<String> warnings) {
    Set<RetryCondition> on = EnumSet.noneOf(RetryCondition.class);
    RetryEvent.Family[] families = RetryEvent.Family.values();
    for (int i = 0; i < families.length; i++) {
      add(on, families[i], events.get(i), context, warnings);
    }
    return on.isEmpty() ? Retries.NONE : new Retries(on, List.of(), maxRetries, Optional.of(Durations.of(perRetryTimeout)));
  }

  /** Validation refuses unknown events; one stored before that rule existed is left out, never copied. */
  private static void add(
      Set<RetryCondition> on, RetryEvent.Family family, List<String> events, String context, List<String> warnings) {
    for (String name : events) {
      RetryEvent.parse(family, name).ifPresentOrElse(
          event -> on.add(condition(event)),
          () -> warnings.add(context + ": " + family.field() + " \"" + name + "\" is not an App Mesh retry event; left out"));
    }
  }

  /** App Mesh's event → Envoy's {@code retry_on} condition; gRPC status names are spelled the same. */
  static RetryCondition condition(RetryEvent event) {
    return switch (event) {
      case SERVER_ERROR -> RetryCondition.SERVER_ERROR;
      case GATEWAY_ERROR -> RetryCondition.GATEWAY_ERROR;
      case CLIENT_ERROR -> RetryCondition.RETRIABLE_4XX;
      case STREAM_ERROR -> RetryCondition.REFUSED_STREAM;
      case CONNECTION_ERROR -> RetryCondition.CONNECT_FAILURE;
      case CANCELLED -> RetryCondition.CANCELLED;
      case DEADLINE_EXCEEDED -> RetryCondition.DEADLINE_EXCEEDED;
      case INTERNAL -> RetryCondition.INTERNAL;
      case RESOURCE_EXHAUSTED -> RetryCondition.RESOURCE_EXHAUSTED;
      case UNAVAILABLE -> RetryCondition.UNAVAILABLE;
    };
  }

  static Timeouts timeouts(HttpRoute route) {
    return route.hasTimeout() ? ListenerPolicies.timeouts(route.getTimeout()) : Timeouts.NONE;
  }

  static Timeouts timeouts(GrpcRoute route) {
    return route.hasTimeout() ? ListenerPolicies.timeouts(route.getTimeout()) : Timeouts.NONE;
  }
}
