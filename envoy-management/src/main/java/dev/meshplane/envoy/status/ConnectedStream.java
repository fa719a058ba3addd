package dev.meshplane.envoy.status;

import dev.meshplane.envoy.node.ProxyTarget;
import java.time.Instant;
import java.util.Map;

/**
 * One open xDS stream as the status reports it: who the client said it is and, per type URL, what
 * it was sent and answered.
 *
 * @param clientVersion the node's user agent name and version (Envoy's build version when it sends no user agent version)
 */
public record ConnectedStream(long streamId, ProxyTarget target, String nodeId, String clientVersion,
    Instant connectedSince, Map<String, TypeState> types) {

  public ConnectedStream {
    types = Map.copyOf(types);
  }
}
