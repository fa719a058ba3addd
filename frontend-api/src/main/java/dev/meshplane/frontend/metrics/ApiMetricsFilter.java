package dev.meshplane.frontend.metrics;

import dev.meshplane.frontend.api.ApiException;
import dev.meshplane.frontend.http.OperationCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;

/**
 * Counts and times every App Mesh API request by operation, HTTP status and App Mesh error type
 * (the {@code x-amzn-ErrorType} header; "none" on success). It runs first, so requests refused by
 * authentication or throttling are measured too. Every tag is bounded: 38 operations plus
 * "unknown", the error types of the model, and status codes.
 */
@Filter("/v20190125/**")
public class ApiMetricsFilter implements HttpServerFilter {
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
   * The operation's name, or "unknown" for a path no operation binds (or one that cannot be
   * decoded); a match is left on the request for the controller ({@link OperationCatalog.Match#ATTRIBUTE}).
   */
  private String operationOf(HttpRequest<?> request) {
    try {
      Optional<OperationCatalog.Match> match = catalog.find(request.getMethodName(), request.getUri().getRawPath());
      match.ifPresent(found -> request.setAttribute(OperationCatalog.Match.ATTRIBUTE, found));
      return match.map(found -> found.operation().name()).orElse("unknown");
    } catch (ApiException undecodable) {
      return "unknown";
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

  @Override
  public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
    long started = System.nanoTime();
    String operation = operationOf(request);
    return Publishers.map(chain.proceed(request), response -> {
      String errorType = response.getHeaders().get("x-amzn-ErrorType");
      timers.computeIfAbsent(new TimerKey(operation, response.code(), errorType == null ? "none" : errorType), this::timer)
          .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      return response;
    });
  }
}
