package dev.meshplane.envoy.xds;

import dev.meshplane.envoy.node.ProxyTarget;

/** What the xDS server reports about its streams to whoever manages the proxies. */
public interface StreamListener {

  void opened(long streamId, ProxyTarget target);

  void closed(long streamId);

  /** The client applied {@code version} of {@code typeUrl} (for delta: the nonce it acknowledged). */
  void acked(long streamId, String typeUrl, String version);

  /** The client rejected a response; it keeps {@code keptVersion}, the last one it applied. */
  void nacked(long streamId, String typeUrl, String keptVersion, String errorDetail);
}
