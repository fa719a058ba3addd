package dev.meshplane.envoy;

import dev.meshplane.envoy.security.FileTlsXdsCredentialsProvider;
import dev.meshplane.envoy.security.TestCertificates;
import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.NameResolverRegistry;
import io.grpc.stub.ClientCalls;
import io.grpc.xds.XdsChannelCredentials;
import io.grpc.xds.XdsNameResolverProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A proxyless gRPC application: grpc-java's own xDS name resolver, bootstrapped with one xDS server
 * and a node id, calling {@link EchoService} at {@code <scheme>:///<target>}. Every client registers
 * its own scheme, and so has its own xDS client.
 */
public final class ProxylessClient implements AutoCloseable {
  private static final AtomicInteger SCHEMES = new AtomicInteger();

  private final XdsNameResolverProvider resolver;
  private final ManagedChannel channel;

  private ProxylessClient(String serverUri, Map<String, ?> channelCredentials, String nodeId, String target) {
    this(serverUri, channelCredentials, nodeId, target, Map.of(), InsecureChannelCredentials.create());
  }

  private ProxylessClient(String serverUri, Map<String, ?> channelCredentials, String nodeId, String target,
      Map<String, ?> certificateProviders, ChannelCredentials credentials) {
    String scheme = "meshplane-test-xds-" + SCHEMES.incrementAndGet();
    Map<String, Object> bootstrap = new HashMap<>(Map.of(
        "xds_servers", List.of(Map.of(
            "server_uri", serverUri,
            "channel_creds", List.of(channelCredentials),
            "server_features", List.of())),
        "node", Map.of("id", nodeId)));
    if (!certificateProviders.isEmpty()) {
      bootstrap.put("certificate_providers", certificateProviders);
    }
    resolver = XdsNameResolverProvider.createForTest(scheme, bootstrap);
    NameResolverRegistry.getDefaultRegistry().register(resolver);
    channel = Grpc.newChannelBuilder(scheme + ":///" + target, credentials).build();
  }

  /** Talks to the xDS server in plaintext. */
  public static ProxylessClient plaintext(int xdsPort, String nodeId, String target) {
    return new ProxylessClient("127.0.0.1:" + xdsPort, Map.of("type", "insecure"), nodeId, target);
  }

  /** Talks to the xDS server over TLS trusting {@code ca}, presenting {@code certificate}. */
  public static ProxylessClient mutualTls(int xdsPort, TestCertificates.Issued ca, TestCertificates.Issued certificate,
      String nodeId, String target) {
    return new ProxylessClient("localhost:" + xdsPort, Map.of(
        "type", FileTlsXdsCredentialsProvider.NAME, "config", Map.of(
            "ca_certificate_file", ca.certificateFile().toString(),
            "certificate_file", certificate.certificateFile().toString(),
            "private_key_file", certificate.keyFile().toString())), nodeId, target);
  }

  /**
   * Talks to the xDS server in plaintext and takes its upstream TLS from xDS (gRFC A29): the
   * bootstrap declares {@code certificateProviders} (instance name to plugin config), the channel
   * uses XdsChannelCredentials, plaintext where a cluster has no TLS.
   */
  public static ProxylessClient xdsSecurity(int xdsPort, String nodeId, String target,
      Map<String, ?> certificateProviders) {
    return new ProxylessClient("127.0.0.1:" + xdsPort, Map.of("type", "insecure"), nodeId, target,
        certificateProviders, XdsChannelCredentials.create(InsecureChannelCredentials.create()));
  }

  /** The channel to the target, for calls with other options or headers. */
  public ManagedChannel channel() {
    return channel;
  }

  public String call(CallOptions options) {
    return ClientCalls.blockingUnaryCall(channel, EchoService.WHO, options, "hi");
  }

  /** One call, waiting up to 10 s for the xDS config; returns who answered. */
  public String call() {
    return call(CallOptions.DEFAULT.withWaitForReady().withDeadlineAfter(10, TimeUnit.SECONDS));
  }

  /** {@code count} calls; who answered how often. A failed call throws. */
  public Map<String, Integer> calls(int count) {
    Map<String, Integer> served = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      served.merge(call(), 1, Integer::sum);
    }
    return served;
  }

  @Override
  public void close() throws InterruptedException {
    try {
      channel.shutdownNow();
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } finally {
      NameResolverRegistry.getDefaultRegistry().deregister(resolver);
    }
  }
}
