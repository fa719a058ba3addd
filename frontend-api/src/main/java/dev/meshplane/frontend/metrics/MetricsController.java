package dev.meshplane.frontend.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * {@code GET /metrics}: every meter of the process in the Prometheus text format. Outside the App
 * Mesh API routes, so it is not SigV4-authenticated (scrapers carry no AWS credentials).
 */
@Controller
public class MetricsController {
  /** The Prometheus text exposition format, version 0.0.4. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  public MetricsController(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Get(uri = "/metrics", produces = CONTENT_TYPE)
  public String scrape() {
    return registry.scrape();
  }
}
