package dev.meshplane.envoy;

import static dev.meshplane.model.ResourceKind.ROUTE;
import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static dev.meshplane.model.ResourceKind.VIRTUAL_ROUTER;
import static dev.meshplane.model.ResourceKind.VIRTUAL_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.NameResolverRegistry;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.xds.XdsNameResolverProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real grpc-java xDS client, whose node id is its virtual node, calls {@code xds:///<virtual
 * service>} and is routed by the synthesized config to two local gRPC backends.
 */
class ProxylessGrpcClientTest {
  /** A one-method service with string messages, so the test needs no generated code. */
  private static final MethodDescriptor<String, String> WHO = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName("demo.Echo/Who")
      .setRequestMarshaller(new Utf8())
      .setResponseMarshaller(new Utf8())
      .build();
  private static final String SCHEME = "meshplane-test-xds";

  @TempDir Path dataDir;
  private SqliteConfigStore store;
  private Server backendA;
  private Server backendB;
  private EnvoyManagement management;
  private XdsNameResolverProvider resolver;
  private ManagedChannel channel;
  private TestMesh mesh;

  @BeforeEach
  void start() throws IOException {
    backendA = backend("a");
    backendB = backend("b");
    store = SqliteConfigStore.open(dataDir);
    mesh = new TestMesh("demo")
        .add(VIRTUAL_NODE, null, "backend-a", backendNode(backendA.getPort()))
        .add(VIRTUAL_NODE, null, "backend-b", backendNode(backendB.getPort()))
        .add(VIRTUAL_NODE, null, "client", """
            {"backends": [{"virtualService": {"virtualServiceName": "echo.demo.local"}}],
             "serviceDiscovery": {"dns": {"hostname": "client.demo.local"}}}""")
        .add(VIRTUAL_ROUTER, null, "echo", """
            {"listeners": [{"portMapping": {"port": 50051, "protocol": "grpc"}}]}""")
        .add(ROUTE, "echo", "split", route(1, 1))
        .add(VIRTUAL_SERVICE, null, "echo.demo.local", """
            {"provider": {"virtualRouter": {"virtualRouterName": "echo"}}}""");
    mesh.store(store, 1);
    management = EnvoyManagement.start(store, new EnvoyManagement.Settings(
        new InetSocketAddress("127.0.0.1", 0), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(200),
        Duration.ofSeconds(30), 2));

    Map<String, ?> bootstrap = Map.of(
        "xds_servers", List.of(Map.of(
            "server_uri", "127.0.0.1:" + management.xdsPort(),
            "channel_creds", List.of(Map.of("type", "insecure")),
            "server_features", List.of())),
        "node", Map.of("id", "arn:aws:appmesh:us-west-2:111122223333:mesh/demo/virtualNode/client"));
    resolver = XdsNameResolverProvider.createForTest(SCHEME, bootstrap);
    NameResolverRegistry.getDefaultRegistry().register(resolver);
    channel = Grpc.newChannelBuilder(SCHEME + ":///echo.demo.local", InsecureChannelCredentials.create()).build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
    NameResolverRegistry.getDefaultRegistry().deregister(resolver);
    management.close();
    store.close();
    backendA.shutdownNow();
    backendB.shutdownNow();
  }

  @Test
  void callsFollowTheWeightedRouteAndItsUpdates() {
    Map<String, Integer> served = calls(60);
    assertThat(served).containsOnlyKeys("a", "b");

    mesh.update(ROUTE, "echo", "split", route(0, 1)).store(store, 2);

    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(calls(20)).containsOnlyKeys("b"));
  }

  private Map<String, Integer> calls(int count) {
    Map<String, Integer> served = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      String who = ClientCalls.blockingUnaryCall(channel, WHO,
          CallOptions.DEFAULT.withWaitForReady().withDeadlineAfter(10, TimeUnit.SECONDS), "hi");
      served.merge(who, 1, Integer::sum);
    }
    return served;
  }

  private static String route(int weightA, int weightB) {
    return """
        {"grpcRoute": {"match": {"serviceName": "demo.Echo"},
          "action": {"weightedTargets": [{"virtualNode": "backend-a", "weight": %d},
                                         {"virtualNode": "backend-b", "weight": %d}]}}}"""
        .formatted(weightA, weightB);
  }

  private static String backendNode(int port) {
    return """
        {"listeners": [{"portMapping": {"port": %d, "protocol": "grpc"}}],
         "serviceDiscovery": {"dns": {"hostname": "127.0.0.1"}}}""".formatted(port);
  }

  private static Server backend(String name) throws IOException {
    ServerServiceDefinition service = ServerServiceDefinition.builder("demo.Echo")
        .addMethod(WHO, ServerCalls.asyncUnaryCall((request, response) -> {
          response.onNext(name);
          response.onCompleted();
        }))
        .build();
    return Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(service).build().start();
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
