package dev.meshplane.envoy;

import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.envoy.node.NodeIdentity;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * {@link EnvoyManagement} as these tests start it: on a free loopback port, with polls and retries
 * fast enough that a test sees a stored change in well under a second. The optional parts
 * (security, certificates, metrics, clock) go on the returned builder.
 */
public final class ManagementFixture {
  /** Two streams per proxy: room for a reconnect, and few enough to test the limit. */
  public static final int STREAMS_PER_PROXY = 2;
  /** Node ids as the default settings read them: region us-west-2, account 111122223333. */
  public static final NodeIdentity NODE_IDENTITY = new NodeIdentity("us-west-2", "111122223333");

  private ManagementFixture() {}

  public static EnvoyManagement.Settings settings() {
    return settings(STREAMS_PER_PROXY);
  }

  public static EnvoyManagement.Settings settings(int streamsPerProxy) {
    return new EnvoyManagement.Settings(new InetSocketAddress("127.0.0.1", 0), Duration.ofMillis(100),
        Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(30), streamsPerProxy);
  }

  public static EnvoyManagement.Builder builder(ConfigStore store) {
    return EnvoyManagement.builder(store, settings());
  }

  public static EnvoyManagement start(ConfigStore store) {
    return builder(store).start();
  }
}
