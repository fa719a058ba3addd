package dev.meshplane.transformer.synth.routes;

import dev.meshplane.transformer.synth.Protos;
import dev.meshplane.transformer.synth.resolve.Retries;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** App Mesh retry policies, declared or default, as Envoy retry policies. */
final class RetryPolicies {
  /** App Mesh's event names → Envoy's {@code retry_on} conditions. */
  private static final Map<String, String> HTTP_EVENTS = Map.of(
      "server-error", "5xx",
      "gateway-error", "gateway-error",
      "client-error", "retriable-4xx",
      "stream-error", "refused-stream");

  private static final Map<String, String> TCP_EVENTS = Map.of("connection-error", "connect-failure");

  /** What App Mesh's Envoys retried on when no policy was declared. */
  private static final RetryPolicy APP_MESH_DEFAULT = RetryPolicy.newBuilder()
      .setRetryOn("connect-failure,refused-stream,reset,retriable-status-codes,unavailable")
      .addRetriableStatusCodes(503)
      .setNumRetries(Protos.uint32(2))
      .build();

  private RetryPolicies() {}

  static Optional<RetryPolicy> of(Retries retries) {
    if (retries instanceof Retries.AppMeshDefault) {
      return Optional.of(APP_MESH_DEFAULT);
    }
    if (!(retries instanceof Retries.Declared declared)) {
      return Optional.empty();
    }
    TreeSet<String> retryOn = new TreeSet<>();
    declared.httpEvents().forEach(e -> retryOn.add(HTTP_EVENTS.getOrDefault(e, e)));
    declared.tcpEvents().forEach(e -> retryOn.add(TCP_EVENTS.getOrDefault(e, e)));
    // gRPC status names are spelled the same in App Mesh and Envoy (unavailable, deadline-exceeded...).
    retryOn.addAll(declared.grpcEvents());
    if (retryOn.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(RetryPolicy.newBuilder()
        .setRetryOn(String.join(",", retryOn))
        .setNumRetries(Protos.uint32(declared.maxRetries()))
        .setPerTryTimeout(Protos.duration(declared.perRetryTimeout()))
        .build());
  }
}
