package dev.meshplane.transformer.synth.resolve;

import java.util.Locale;

/** The four App Mesh listener and route protocols. */
public enum Protocol {
  HTTP,
  HTTP2,
  GRPC,
  TCP;

  /** The lower-case name App Mesh uses ({@code http2}); also the protocol part of cluster names. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isHttpFamily() {
    return this != TCP;
  }

  /** Whether upstream connections speak HTTP/2 (App Mesh used HTTP/2 upstream for http2 and grpc). */
  public boolean isHttp2Upstream() {
    return this == HTTP2 || this == GRPC;
  }

  public static Protocol of(String wireName) {
    return valueOf(wireName.toUpperCase(Locale.ROOT));
  }
}
