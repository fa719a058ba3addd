package dev.meshplane.transformer.synth;

/** Who consumes a proxy config: an Envoy sidecar or gateway, or a proxyless gRPC application. */
public enum ProxyKind {
  SIDECAR,
  PROXYLESS_GRPC
}
