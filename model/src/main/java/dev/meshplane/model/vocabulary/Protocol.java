package dev.meshplane.model.vocabulary;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The four App Mesh listener, route and health check protocols. */
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

  /** The protocol App Mesh spells {@code wireName}; throws for any other word. */
  public static Protocol of(String wireName) {
    return parse(wireName).orElseThrow(() -> new IllegalArgumentException("unknown protocol " + wireName));
  }

  public static Optional<Protocol> parse(String wireName) {
    return Arrays.stream(values()).filter(p -> p.wireName().equals(wireName)).findFirst();
  }
}
