package dev.meshplane.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.meshplane.frontend.readiness.Readiness;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code GET /metrics} and {@code GET /ready} for the processes without an HTTP API (transformer,
 * envoy-management): the JDK's HTTP server is enough for a scrape or a probe every few seconds.
 */
final class MetricsServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** {@code port} 0 picks a free port. */
  static MetricsServer start(String bind, int port, PrometheusMeterRegistry registry, Readiness readiness) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 0);
      server.createContext("/metrics", exchange -> respond(exchange, 200,
          "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
      server.createContext("/ready", exchange -> {
        Readiness.Report report = readiness.report();
        respond(exchange, report.httpStatus(), "application/json", report.toJson());
      });
      // Two threads: a slow store check in a probe does not hold up a scrape.
      ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "meshplane-metrics-http");
        thread.setDaemon(true);
        return thread;
      });
      server.setExecutor(executor);
      server.start();
      return new MetricsServer(server, executor);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve /metrics on " + bind + ":" + port, e);
    }
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String text) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = text.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** None when {@code port} is negative (the operator turned /metrics off); the context's registry and readiness. */
  static Optional<MetricsServer> startUnlessOff(String bind, int port, ApplicationContext context) {
    return port < 0 ? Optional.empty()
        : Optional.of(start(bind, port, ProcessMetrics.of(context), ReadinessParts.of(context)));
  }

  /** For the start-up line: where /metrics and /ready are served, if anywhere. */
  static String describe(Optional<MetricsServer> server, String bind) {
    return server.map(s -> ", metrics on http://" + bind + ":" + s.port() + "/metrics, readiness on /ready")
        .orElse(", no /metrics or /ready");
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
