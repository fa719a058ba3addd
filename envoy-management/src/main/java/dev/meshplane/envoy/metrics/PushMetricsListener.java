package dev.meshplane.envoy.metrics;

import dev.meshplane.envoy.node.ProxyTarget;
import dev.meshplane.envoy.xds.StreamListener;

/** Counts every response sent, by type, and its size ({@link XdsMetrics#pushed}); ignores the other events. */
public final class PushMetricsListener implements StreamListener {
  private final XdsMetrics metrics;

  public PushMetricsListener(XdsMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void sent(long streamId, String typeUrl, String version, int bytes) {
    metrics.pushed(typeUrl, bytes);
  }

  @Override
  public void opened(long streamId, ProxyTarget target) {
    // Streams are counted by the connection manager.
  }

  @Override
  public void closed(long streamId) {
    // Likewise.
  }

  @Override
  public void acked(long streamId, String typeUrl, String version) {
    // ACKs and NACKs are counted by the proxies' managers.
  }

  @Override
  public void nacked(long streamId, String typeUrl, String keptVersion, String errorDetail) {
    // Likewise.
  }
}
