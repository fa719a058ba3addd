package dev.meshplane.transformer.synth.resolve;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The retry behaviour of one route, ready for Envoy: the conditions retried on (App Mesh's events
 * already translated and validated), how often, and how long each try may take.
 *
 * @param retriableStatusCodes the codes {@link RetryCondition#RETRIABLE_STATUS_CODES} retries on
 * @param perTryTimeout absent: each try may take the route's whole timeout
 */
public record Retries(
    Set<RetryCondition> on, List<Integer> retriableStatusCodes, long numRetries, Optional<Duration> perTryTimeout) {

  public Retries {
    // An EnumSet keeps the IR's order stable (declaration order), whatever order events were named in.
    on = on.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(on));
    retriableStatusCodes = List.copyOf(retriableStatusCodes);
  }

  /**
   * What App Mesh's Envoys retried on when an HTTP, HTTP/2 or gRPC route declared no policy: twice,
   * on gRPC UNAVAILABLE, HTTP 503, connect-failure, refused-stream and reset.
   */
  public static final Retries APP_MESH_DEFAULT = new Retries(
      EnumSet.of(RetryCondition.CONNECT_FAILURE, RetryCondition.REFUSED_STREAM, RetryCondition.RESET,
          RetryCondition.RETRIABLE_STATUS_CODES, RetryCondition.UNAVAILABLE),
      List.of(503),
      2,
      Optional.empty());

  /** No retries: TCP routes (Envoy's tcp_proxy has none), or a policy naming no known event. */
  public static final Retries NONE = new Retries(Set.of(), List.of(), 0, Optional.empty());

  public boolean retries() {
    return !on.isEmpty();
  }
}
