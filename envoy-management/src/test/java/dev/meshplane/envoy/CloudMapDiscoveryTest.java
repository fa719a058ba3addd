package dev.meshplane.envoy;

import static dev.meshplane.model.ResourceKind.ROUTE;
import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static dev.meshplane.model.ResourceKind.VIRTUAL_ROUTER;
import static dev.meshplane.model.ResourceKind.VIRTUAL_SERVICE;
import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ENDPOINT_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshplane.configstore.MotoServer;
import dev.meshplane.envoy.cloudmap.CloudMapFixture;
import dev.meshplane.envoy.cloudmap.CloudMapResolver;
import dev.meshplane.proxyconfig.StoredProxyConfigCodec;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.NameResolverRegistry;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.xds.XdsNameResolverProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A virtual node discovered through Cloud Map (moto_server, real AWS SDK): its instances reach a
 * raw ADS client as EDS endpoints and a grpc-java xDS client as traffic; a deregistered instance
 * leaves both.
 */
class CloudMapDiscoveryTest {
  private static final String CLIENT = "mesh/demo/virtualNode/client";
  private static final String NAMESPACE = "demo.local";
  private static final MethodDescriptor<String, String> WHO = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName("demo.Echo/Who")
      .setRequestMarshaller(new Utf8())
      .setResponseMarshaller(new Utf8())
      .build();
  private static final String SCHEME = "meshplane-cloudmap-xds";

  private static MotoServer moto;
  private static CloudMapFixture cloudMap;
  private final InMemoryConfigStore store = new InMemoryConfigStore();
  private EnvoyManagement management;

  @BeforeAll
  static void startMoto() {
    moto = MotoServer.start();
    cloudMap = new CloudMapFixture(moto);
  }

  @AfterAll
  static void stopMoto() {
    cloudMap.client().close();
    moto.close();
  }

  @AfterEach
  void stop() {
    if (management != null) {
      management.close();
    }
  }

  @Test
  void instancesAppearInEdsAndADeregisteredOneLeaves() throws Exception {
    String serviceId = cloudMap.service(NAMESPACE, "eds-backend");
    cloudMap.register(serviceId, "i-1", "10.1.0.1", Map.of("stage", "prod"));
    cloudMap.register(serviceId, "i-2", "10.1.0.2", Map.of("stage", "prod"));
    cloudMap.register(serviceId, "i-3", "10.1.0.3", Map.of("stage", "test"));
    mesh("eds-backend", 8080, "grpc").store(store, 1);
    management = start();

    try (AdsTestClient envoy = new AdsTestClient(management.xdsPort(), AdsTestClient.node(CLIENT, "envoy"))) {
      envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
      DiscoveryResponse cds = envoy.next(CLUSTER_TYPE_URL);
      envoy.ack(cds, List.of());
      List<String> edsNames =
          List.copyOf(XdsReferences.edsNames(StoredProxyConfigCodec.unpack(cds.getResourcesList(), Cluster.class)));
      assertThat(edsNames).hasSize(1);

      envoy.request(ENDPOINT_TYPE_URL, edsNames, "", "");
      DiscoveryResponse eds = envoy.next(ENDPOINT_TYPE_URL);
      envoy.ack(eds, edsNames);
      // The "stage: prod" attribute of the virtual node filters out i-3.
      assertThat(endpoints(eds)).containsExactly("10.1.0.1:8080", "10.1.0.2:8080");

      cloudMap.deregister(serviceId, "i-1");
      DiscoveryResponse after = envoy.next(ENDPOINT_TYPE_URL);
      assertThat(endpoints(after)).containsExactly("10.1.0.2:8080");
      envoy.ack(after, edsNames);

      // Cloud Map unreachable: the proxy hears nothing and keeps its endpoints.
      moto.stop();
      try {
        assertThat(envoy.nextWithin(Duration.ofSeconds(1))).isEmpty();
      } finally {
        moto.restart();
      }
    }
  }

  @Test
  void trafficReachesTheInstancesAndLeavesADeregisteredOne() throws Exception {
    Server a = backend("a", "127.0.0.1", 0);
    int port = a.getPort();
    Server b = backend("b", "127.0.0.2", port);
    XdsNameResolverProvider resolver = null;
    ManagedChannel channel = null;
    try {
      String serviceId = cloudMap.service(NAMESPACE, "echo-backend");
      cloudMap.register(serviceId, "i-a", "127.0.0.1", Map.of("stage", "prod"));
      cloudMap.register(serviceId, "i-b", "127.0.0.2", Map.of("stage", "prod"));
      mesh("echo-backend", port, "grpc").store(store, 1);
      management = start();

      Map<String, ?> bootstrap = Map.of(
          "xds_servers", List.of(Map.of(
              "server_uri", "127.0.0.1:" + management.xdsPort(),
              "channel_creds", List.of(Map.of("type", "insecure")),
              "server_features", List.of())),
          "node", Map.of("id", "arn:aws:appmesh:us-west-2:111122223333:" + CLIENT));
      resolver = XdsNameResolverProvider.createForTest(SCHEME, bootstrap);
      NameResolverRegistry.getDefaultRegistry().register(resolver);
      channel = Grpc.newChannelBuilder(SCHEME + ":///echo.demo.local", InsecureChannelCredentials.create()).build();

      ManagedChannel calling = channel;
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(calls(calling, 20)).containsOnlyKeys("a", "b"));

      cloudMap.deregister(serviceId, "i-b");
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
          .untilAsserted(() -> assertThat(calls(calling, 20)).containsOnlyKeys("a"));
    } finally {
      if (channel != null) {
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
      }
      if (resolver != null) {
        NameResolverRegistry.getDefaultRegistry().deregister(resolver);
      }
      a.shutdownNow();
      b.shutdownNow();
    }
  }

  private EnvoyManagement start() {
    return EnvoyManagement.start(store, new EnvoyManagement.Settings(
            new InetSocketAddress("127.0.0.1", 0), Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofMillis(100), Duration.ofMillis(200), 2),
        cloudMap.client(),
        new CloudMapResolver.Settings(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(1)));
  }

  private static TestMesh mesh(String service, int port, String protocol) {
    return new TestMesh("demo")
        .add(VIRTUAL_NODE, null, "backend", """
            {"listeners": [{"portMapping": {"port": %d, "protocol": "%s"}}],
             "serviceDiscovery": {"awsCloudMap": {"namespaceName": "%s", "serviceName": "%s",
               "attributes": [{"key": "stage", "value": "prod"}]}}}""".formatted(port, protocol, NAMESPACE, service))
        .add(VIRTUAL_NODE, null, "client", """
            {"backends": [{"virtualService": {"virtualServiceName": "echo.demo.local"}}],
             "serviceDiscovery": {"dns": {"hostname": "client.demo.local"}}}""")
        .add(VIRTUAL_ROUTER, null, "echo", """
            {"listeners": [{"portMapping": {"port": %d, "protocol": "%s"}}]}""".formatted(port, protocol))
        .add(ROUTE, "echo", "all", """
            {"grpcRoute": {"match": {"serviceName": "demo.Echo"},
              "action": {"weightedTargets": [{"virtualNode": "backend", "weight": 1}]}}}""")
        .add(VIRTUAL_SERVICE, null, "echo.demo.local", """
            {"provider": {"virtualRouter": {"virtualRouterName": "echo"}}}""");
  }

  private static List<String> endpoints(DiscoveryResponse eds) {
    return StoredProxyConfigCodec.unpack(eds.getResourcesList(), ClusterLoadAssignment.class).stream()
        .flatMap(c -> c.getEndpointsList().stream())
        .flatMap(l -> l.getLbEndpointsList().stream())
        .map(e -> e.getEndpoint().getAddress().getSocketAddress())
        .map(s -> s.getAddress() + ":" + s.getPortValue())
        .sorted()
        .toList();
  }

  private static Map<String, Integer> calls(ManagedChannel channel, int count) {
    Map<String, Integer> served = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      String who = ClientCalls.blockingUnaryCall(channel, WHO,
          CallOptions.DEFAULT.withWaitForReady().withDeadlineAfter(10, TimeUnit.SECONDS), "hi");
      served.merge(who, 1, Integer::sum);
    }
    return served;
  }

  private static Server backend(String name, String host, int port) throws IOException {
    ServerServiceDefinition service = ServerServiceDefinition.builder("demo.Echo")
        .addMethod(WHO, ServerCalls.asyncUnaryCall((request, response) -> {
          response.onNext(name);
          response.onCompleted();
        }))
        .build();
    return NettyServerBuilder.forAddress(new InetSocketAddress(host, port)).addService(service).build().start();
  }

  private static final class Utf8 implements MethodDescriptor.Marshaller<String> {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
