package dev.meshplane.envoy.node;

import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;

/** Which variant of a stored proxy config a connection receives. */
public enum ProxyVariant {
  SIDECAR,
  PROXYLESS_GRPC;

  /** Node metadata that overrides the guess from the user agent: "sidecar" or "proxyless". */
  public static final String KIND_METADATA = "meshplane.proxy_kind";

  /**
   * gRPC xDS clients name themselves "gRPC Java", "gRPC Go", ... in {@code user_agent_name};
   * Envoy says "envoy". The metadata wins so an unusual client can say what it is.
   */
  public static ProxyVariant of(Node node) {
    Value kind = node.getMetadata().getFieldsMap().get(KIND_METADATA);
    if (kind != null && kind.hasStringValue()) {
      switch (kind.getStringValue()) {
        case "sidecar":
          return SIDECAR;
        case "proxyless":
          return PROXYLESS_GRPC;
        default:
          throw new IllegalArgumentException(
              KIND_METADATA + " must be \"sidecar\" or \"proxyless\", got \"" + kind.getStringValue() + "\"");
      }
    }
    return node.getUserAgentName().startsWith("gRPC") ? PROXYLESS_GRPC : SIDECAR;
  }
}
