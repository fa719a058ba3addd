package dev.meshplane.transformer.synth.resolve;

import java.time.Duration;
import java.util.List;

/** The retry behaviour of one route. */
public sealed interface Retries {

  /**
   * No retry policy declared on an HTTP, HTTP/2 or gRPC route: App Mesh still had Envoy retry twice
   * on gRPC UNAVAILABLE, HTTP 503, connect-failure, refused-stream and reset.
   */
  record AppMeshDefault() implements Retries {}

  /** A declared policy; event names as App Mesh spells them ({@code server-error}, {@code unavailable}). */
  record Declared(
      long maxRetries,
      Duration perRetryTimeout,
      List<String> httpEvents,
      List<String> tcpEvents,
      List<String> grpcEvents)
      implements Retries {
    public Declared {
      httpEvents = List.copyOf(httpEvents);
      tcpEvents = List.copyOf(tcpEvents);
      grpcEvents = List.copyOf(grpcEvents);
    }
  }

  /** TCP routes: Envoy's tcp_proxy has no retries. */
  record None() implements Retries {}

  Retries APP_MESH_DEFAULT = new AppMeshDefault();
  Retries NONE = new None();
}
