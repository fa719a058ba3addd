package dev.meshplane.frontend.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * The process's Prometheus registry when the launcher handed none to the application context
 * (it normally does, so every service of the process shares one registry).
 */
@Factory
public class MetricsFactory {

  @Singleton
  @Requires(missingBeans = PrometheusMeterRegistry.class)
  PrometheusMeterRegistry prometheusMeterRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }
}
