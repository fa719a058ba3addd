package dev.meshplane.launcher;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code GET /metrics} for the processes without an HTTP API (transformer, envoy-management): the
 * JDK's HTTP server is enough for a scrape every few seconds.
 */
final class MetricsServer implements AutoCloseable {
  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /** {@code port} 0 picks a free port. */
  static MetricsServer start(String bind, int port, PrometheusMeterRegistry registry) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 0);
      server.createContext("/metrics", exchange -> {
        try (exchange) {
          if (!exchange.getRequestMethod().equals("GET")) {
            exchange.sendResponseHeaders(405, -1);
            return;
          }
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        }
      });
      server.start();
      return new MetricsServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve /metrics on " + bind + ":" + port, e);
    }
  }

  /** None when {@code port} is negative (the operator turned /metrics off). */
  static Optional<MetricsServer> startUnlessOff(String bind, int port, PrometheusMeterRegistry registry) {
    return port < 0 ? Optional.empty() : Optional.of(start(bind, port, registry));
  }

  /** For the start-up line: where /metrics is served, if anywhere. */
  static String describe(Optional<MetricsServer> server, String bind) {
    return server.map(s -> ", metrics on http://" + bind + ":" + s.port() + "/metrics").orElse(", no /metrics");
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
