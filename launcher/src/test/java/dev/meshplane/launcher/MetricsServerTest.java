package dev.meshplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.ApplicationContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The standalone processes' {@code --metrics-port}: the process registry in Prometheus text. */
class MetricsServerTest {

  @Test
  void theApplicationContextUsesTheRegistryTheLauncherHandsIn() {
    PrometheusMeterRegistry registry = ProcessMetrics.newRegistry();
    try (ApplicationContext context = ApplicationContext.builder()
        .properties(Map.of("micronaut.server.port", -1)).singletons(registry).start()) {
      assertThat(ProcessMetrics.of(context)).isSameAs(registry);
    }
  }

  @Test
  void servesTheProcessRegistryWithJvmMeters() throws Exception {
    PrometheusMeterRegistry registry = ProcessMetrics.newRegistry();
    registry.counter("meshplane.test.events").increment(3);
    try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry)) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(response.body()).contains("meshplane_test_events_total 3").contains("jvm_memory_used_bytes");
    }
  }
}
