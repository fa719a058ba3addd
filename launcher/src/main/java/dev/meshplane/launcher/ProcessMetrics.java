package dev.meshplane.launcher;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.ApplicationContext;

/**
 * One Prometheus registry per process: made here, handed to the application context as a
 * singleton (the frontend's filter and {@code /metrics} use it), and from the context to the
 * transformer and the Envoy management service.
 */
final class ProcessMetrics {
  private ProcessMetrics() {}

  /** A registry with the JVM's own meters (memory, GC, threads, CPU, uptime) bound. */
  static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }

  /** The context's registry: the one handed in, or the frontend's default when none was. */
  static PrometheusMeterRegistry of(ApplicationContext context) {
    return context.getBean(PrometheusMeterRegistry.class);
  }
}
