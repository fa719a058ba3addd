package dev.meshplane.envoy.metrics;

import dev.meshplane.envoy.node.ProxyTarget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Envoy management service's meters. Tags stay bounded: type URLs (a handful), proxy kind and
 * variant, and the mesh (meshes are few and operator-made) — never a proxy name or a stream id.
 */
public final class XdsMetrics {

  private final MeterRegistry registry;
  private final AtomicInteger streams = new AtomicInteger();
  private final AtomicInteger proxies = new AtomicInteger();

  public XdsMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("meshplane.xds.streams", streams, AtomicInteger::get)
        .description("Open xDS streams").register(registry);
    Gauge.builder("meshplane.xds.proxies", proxies, AtomicInteger::get)
        .description("Proxies (per variant) with a config manager: connected or within their grace period")
        .register(registry);
  }

  /** Meters that go nowhere (tests and callers without a registry). */
  public static XdsMetrics none() {
    return new XdsMetrics(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** How many xDS streams are open. */
  public void streams(int count) {
    streams.set(count);
  }

  /** How many proxies (in one variant) have a manager: connected or within their grace period. */
  public void proxies(int count) {
    proxies.set(count);
  }

  public void acked(String typeUrl) {
    Counter.builder("meshplane.xds.acks").description("Responses a proxy accepted")
        .tag("type", shortType(typeUrl)).register(registry).increment();
  }

  public void nacked(String typeUrl) {
    Counter.builder("meshplane.xds.nacks").description("Responses a proxy rejected (error_detail set)")
        .tag("type", shortType(typeUrl)).register(registry).increment();
  }

  /** Time from the served config's journal commit to the proxy's first ACK of it. */
  public void converged(ProxyTarget target, Duration sinceCommit) {
    Timer.builder("meshplane.xds.convergence")
        .description("Journal commit of an App Mesh change to the first ACK of the config it produced")
        .tag("mesh", target.mesh())
        .tag("kind", target.proxy().kind().name().toLowerCase(java.util.Locale.ROOT))
        .tag("variant", target.variant().toString().toLowerCase(java.util.Locale.ROOT))
        // A histogram, not client-side percentiles: p99 aggregates across replicas in PromQL.
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(5))
        .maximumExpectedValue(Duration.ofMinutes(5))
        .register(registry)
        .record(sinceCommit.isNegative() ? Duration.ZERO : sinceCommit);
  }

  /**
   * One response sent on a stream (Istio's {@code pilot_xds_pushes}, by type) and its serialized
   * size ({@code pilot_xds_config_size_bytes}).
   */
  public void pushed(String typeUrl, int bytes) {
    String type = shortType(typeUrl);
    Counter.builder("meshplane.xds.pushes").description("xDS responses sent, by type")
        .tag("type", type).register(registry).increment();
    DistributionSummary.builder("meshplane.xds.push.size").description("Serialized size of xDS responses sent")
        .baseUnit("bytes").tag("type", type)
        .publishPercentileHistogram().minimumExpectedValue(64.0).maximumExpectedValue(16.0 * 1024 * 1024)
        .register(registry).record(bytes);
  }

  /**
   * Time a proxy's change waited between the config watcher telling its manager and the new
   * snapshot being set for pushing (the item read and the build on the shared blocking pool;
   * Istio's {@code pilot_proxy_queue_time}).
   */
  public void queued(Duration waited) {
    Timer.builder("meshplane.xds.push.queue.time")
        .description("Change told to a proxy's manager until its snapshot is set for pushing (read + build)")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(1))
        .register(registry)
        .record(waited.isNegative() ? Duration.ZERO : waited);
  }

  public void configReadFailed() {
    Counter.builder("meshplane.xds.config.read.failures")
        .description("Config store reads that failed (the last snapshot is kept)").register(registry).increment();
  }

  /** A snapshot build finished; {@code outcome} is success or failure. */
  public void snapshotBuilt(boolean success) {
    Counter.builder("meshplane.xds.snapshot.builds").description("Snapshot builds by outcome")
        .tag("outcome", success ? "success" : "failure").register(registry).increment();
  }

  /** {@code type.googleapis.com/envoy.config.cluster.v3.Cluster} → {@code Cluster}: short and still unique. */
  static String shortType(String typeUrl) {
    int dot = typeUrl.lastIndexOf('.');
    return dot < 0 ? typeUrl : typeUrl.substring(dot + 1);
  }
}
