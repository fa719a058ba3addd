package dev.meshplane.transformer.synth;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;

/** Small constructors shared by the translators. */
public final class Protos {
  private Protos() {}

  /** Every resource reference goes over the proxy's one ADS stream. */
  public static final ConfigSource ADS =
      ConfigSource.newBuilder()
          .setAds(AggregatedConfigSource.getDefaultInstance())
          .setResourceApiVersion(ApiVersion.V3)
          .build();

  public static com.google.protobuf.Duration duration(java.time.Duration d) {
    return com.google.protobuf.Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
  }

  public static com.google.protobuf.BoolValue boolValue(boolean value) {
    return com.google.protobuf.BoolValue.of(value);
  }

  public static UInt32Value uint32(long value) {
    return UInt32Value.of((int) Math.min(value, 0xFFFFFFFFL));
  }

  /** Packs with the standard {@code type.googleapis.com/} prefix Envoy expects. */
  public static Any pack(Message message) {
    return Any.pack(message);
  }
}
