package dev.meshplane.frontend.metrics;

import dev.meshplane.frontend.api.ApiException;
import dev.meshplane.frontend.http.OperationCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Counts and times every App Mesh API request by operation, HTTP status and App Mesh error type
 * (the {@code x-amzn-ErrorType} header; "none" on success). It runs first, so requests refused by
 * authentication or throttling are measured too. Every tag is bounded: 38 operations plus
 * "unknown", the error types of the model, and status codes. A request and a response method
 * rather than a reactive {@code HttpServerFilter}: that wrapped every request's response in a
 * publisher chain, a measurable share of the CPU of each call.
 */
@ServerFilter("/v20190125/**")
public class ApiMetricsFilter implements Ordered {
  /** The request attribute holding when the filter first saw the request ({@link System#nanoTime()}). */
  private static final String STARTED = "meshplane.metrics.started";

  static final String METER = "meshplane.api.requests";
  private static final Duration[] SLOS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5)};

  private final MeterRegistry registry;
  private final OperationCatalog catalog;
  /** Each tag combination's timer, looked up in the registry once rather than built on every request. */
  private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

  private record TimerKey(String operation, int status, String errorType) {}

  public ApiMetricsFilter(PrometheusMeterRegistry registry, OperationCatalog catalog) {
    this.registry = registry;
    this.catalog = catalog;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  /**
   * Leaves the operation's match on the request for the controller and the response
   * ({@link OperationCatalog.Match#ATTRIBUTE}); none for a path no operation binds (or one that
   * cannot be decoded), counted as "unknown".
   */
  private void keepMatch(HttpRequest<?> request) {
    try {
      catalog.find(request.getMethodName(), request.getUri().getRawPath())
          .ifPresent(found -> request.setAttribute(OperationCatalog.Match.ATTRIBUTE, found));
    } catch (ApiException undecodable) {
      // counted as "unknown"; the controller refuses it
    }
  }

  private Timer timer(TimerKey key) {
    return Timer.builder(METER)
        .description("App Mesh API requests by operation, HTTP status and error type")
        .tag("operation", key.operation())
        .tag("status", Integer.toString(key.status()))
        .tag("error_type", key.errorType())
        // A few fixed buckets rather than a full histogram: the tag combinations multiply them.
        .serviceLevelObjectives(SLOS)
        .register(registry);
  }

  @RequestFilter
  public void started(HttpRequest<?> request) {
    request.setAttribute(STARTED, System.nanoTime());
    keepMatch(request);
  }

  @ResponseFilter
  public void answered(HttpRequest<?> request, MutableHttpResponse<?> response) {
    long now = System.nanoTime();
    long started = request.getAttribute(STARTED, Long.class).orElse(now);
    String operation = request.getAttribute(OperationCatalog.Match.ATTRIBUTE, OperationCatalog.Match.class)
        .map(found -> found.operation().name()).orElse("unknown");
    String errorType = response.getHeaders().get("x-amzn-ErrorType");
    timers.computeIfAbsent(new TimerKey(operation, response.code(), errorType == null ? "none" : errorType), this::timer)
        .record(now - started, TimeUnit.NANOSECONDS);
  }
}
