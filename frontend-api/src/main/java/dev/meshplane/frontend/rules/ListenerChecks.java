package dev.meshplane.frontend.rules;

import dev.meshplane.model.vocabulary.Protocol;
import java.util.Map;
import java.util.Optional;

/**
 * Listener rules shared by virtual nodes and virtual gateways: protocol-specific settings (timeout,
 * connection pool) must be for the listener's own protocol, and HTTP health checks need a path.
 */
final class ListenerChecks {
  private ListenerChecks() {}

  /** {@code set} maps each protocol member (grpc, http, http2, tcp) to whether it is set. */
  static void settingMatchesProtocol(
      ViolationList violations, String path, String protocol, Map<String, Boolean> set) {
    Optional<String> member = set.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).findFirst();
    if (member.isPresent() && !member.get().equals(protocol)) {
      violations.add(
          path + "." + member.get(),
          "is for protocol " + member.get() + " but the listener's portMapping.protocol is " + protocol
              + "; use " + path + "." + protocol);
    }
  }

  static void healthCheckPath(ViolationList violations, String path, String protocol, boolean hasPath) {
    boolean http = Protocol.parse(protocol).map(p -> p == Protocol.HTTP || p == Protocol.HTTP2).orElse(false);
    if (http && !hasPath) {
      violations.add(path + ".path", "is required when the health check protocol is " + protocol);
    }
  }
}
