package dev.meshplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.frontend.readiness.Readiness;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.ApplicationContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The standalone processes' {@code --metrics-port}: the process registry in Prometheus text, and readiness. */
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
    try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry, new Readiness())) {
      HttpResponse<String> response = get(server, "/metrics");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(response.body()).contains("meshplane_test_events_total 3").contains("jvm_memory_used_bytes");
    }
  }

  @Test
  void readyAnswers503NamingThePartsNotReadyThen200() throws Exception {
    Readiness readiness = new Readiness();
    AtomicBoolean firstPass = new AtomicBoolean();
    readiness.register(ReadinessParts.CONFIG_STORE, () -> Optional.empty());
    readiness.register(ReadinessParts.TRANSFORMER,
        () -> firstPass.get() ? Optional.empty() : Optional.of("first reconcile pass not completed"));
    readiness.register(ReadinessParts.XDS, () -> {
      throw new IllegalStateException("xDS port not listening");
    });
    try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, ProcessMetrics.newRegistry(), readiness)) {
      HttpResponse<String> notReady = get(server, "/ready");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).isEqualTo("{\"ready\":false,\"notReady\":[\"transformer\",\"xds\"],"
          + "\"parts\":{\"config-store\":\"ready\",\"transformer\":\"first reconcile pass not completed\","
          + "\"xds\":\"xDS port not listening\"}}");

      firstPass.set(true);
      readiness.register(ReadinessParts.XDS, () -> Optional.empty());
      HttpResponse<String> ready = get(server, "/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(ready.body()).isEqualTo("{\"ready\":true,\"notReady\":[],"
          + "\"parts\":{\"config-store\":\"ready\",\"transformer\":\"ready\",\"xds\":\"ready\"}}");
    }
  }

  @Test
  void aProcessWithNoPartsIsNotReady() throws Exception {
    try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, ProcessMetrics.newRegistry(), new Readiness())) {
      assertThat(get(server, "/ready").statusCode()).isEqualTo(503);
    }
  }

  private static HttpResponse<String> get(MetricsServer server, String path) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
