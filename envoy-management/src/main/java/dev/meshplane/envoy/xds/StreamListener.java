package dev.meshplane.envoy.xds;

import dev.meshplane.envoy.node.ProxyTarget;
import io.envoyproxy.envoy.config.core.v3.Node;

/** What the xDS server reports about its streams to whoever manages the proxies. */
public interface StreamListener {

  void opened(long streamId, ProxyTarget target);

  /** As {@link #opened(long, ProxyTarget)}, with the node as the client described itself (status reports). */
  default void opened(long streamId, ProxyTarget target, Node node) {
    opened(streamId, target);
  }

  /** A response of {@code typeUrl} at {@code version}, {@code bytes} long serialized, is being sent on the stream. */
  default void sent(long streamId, String typeUrl, String version, int bytes) {}

  void closed(long streamId);

  /** The client applied {@code version} of {@code typeUrl} (for delta: the nonce it acknowledged). */
  void acked(long streamId, String typeUrl, String version);

  /** The client rejected a response; it keeps {@code keptVersion}, the last one it applied. */
  void nacked(long streamId, String typeUrl, String keptVersion, String errorDetail);

  /** Both listeners, {@code first} first. */
  static StreamListener both(StreamListener first, StreamListener second) {
    return new StreamListener() {
      @Override
      public void opened(long streamId, ProxyTarget target) {
        first.opened(streamId, target);
        second.opened(streamId, target);
      }

      @Override
      public void opened(long streamId, ProxyTarget target, Node node) {
        first.opened(streamId, target, node);
        second.opened(streamId, target, node);
      }

      @Override
      public void sent(long streamId, String typeUrl, String version, int bytes) {
        first.sent(streamId, typeUrl, version, bytes);
        second.sent(streamId, typeUrl, version, bytes);
      }

      @Override
      public void closed(long streamId) {
        first.closed(streamId);
        second.closed(streamId);
      }

      @Override
      public void acked(long streamId, String typeUrl, String version) {
        first.acked(streamId, typeUrl, version);
        second.acked(streamId, typeUrl, version);
      }

      @Override
      public void nacked(long streamId, String typeUrl, String keptVersion, String errorDetail) {
        first.nacked(streamId, typeUrl, keptVersion, errorDetail);
        second.nacked(streamId, typeUrl, keptVersion, errorDetail);
      }
    };
  }
}
