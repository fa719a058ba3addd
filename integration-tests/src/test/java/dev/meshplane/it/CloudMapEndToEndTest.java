package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshplane.configstore.MotoServer;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.appmesh.AppMeshClient;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;

/**
 * Cloud Map service discovery end to end through the all-in-one server: a backend virtual node
 * discovered through Cloud Map (moto_server, through the real SDK), two real gRPC servers
 * registered there as its instances, and a grpc-java xDS client whose calls reach both; once an
 * instance is deregistered it gets no more calls within the endpoint refresh interval.
 */
class CloudMapEndToEndTest {
  private static final String MESH = "cloudmap";
  private static final String VIRTUAL_SERVICE = "backend.cloudmap.local";
  private static final Duration REFRESH = Duration.ofSeconds(2);

  @TempDir Path dataDir;

  @Test
  void callsReachEveryRegisteredInstanceAndStopReachingADeregisteredOne() throws Exception {
    // The server's Cloud Map client uses the default credentials chain; moto accepts any key.
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    try (MotoServer moto = MotoServer.start();
        ServiceDiscoveryClient cloudMap = moto.configure(ServiceDiscoveryClient.builder())
            .region(Region.of(RunningServer.REGION))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            // DiscoverInstances' "data-" host prefix cannot reach the emulator's address.
            .overrideConfiguration(c -> c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
            .build();
        LoopbackBackend first = LoopbackBackend.start("127.0.0.1", 0, "first");
        LoopbackBackend second = LoopbackBackend.start("127.0.0.2", first.port(), "second");
        RunningServer server = RunningServer.onSqlite(dataDir, Map.of(
            "meshplane.cloud-map.endpoint", moto.endpoint().toString(),
            "meshplane.endpoint-refresh-interval", REFRESH.toMillis() + "ms"));
        AppMeshClient appMesh = server.client()) {
      cloudMap.createHttpNamespace(r -> r.name("apps.local"));
      String namespaceId = cloudMap.listNamespaces().namespaces().get(0).id();
      String serviceId = cloudMap.createService(r -> r.name("backend").namespaceId(namespaceId)).service().id();
      for (LoopbackBackend backend : new LoopbackBackend[] {first, second}) {
        cloudMap.registerInstance(r -> r.serviceId(serviceId).instanceId(backend.name).attributes(Map.of(
            "AWS_INSTANCE_IPV4", backend.host, "AWS_INSTANCE_PORT", Integer.toString(backend.port()), "stage", "prod")));
      }
      // An instance without the node's attributes is not one of its endpoints.
      cloudMap.registerInstance(r -> r.serviceId(serviceId).instanceId("canary").attributes(Map.of(
          "AWS_INSTANCE_IPV4", "127.0.0.3", "stage", "canary")));

      appMesh.createMesh(r -> r.meshName(MESH));
      appMesh.createVirtualNode(r -> r.meshName(MESH).virtualNodeName("backend").spec(s -> s
          .listeners(l -> l.portMapping(p -> p.port(first.port()).protocol("grpc")))
          .serviceDiscovery(d -> d.awsCloudMap(m -> m.namespaceName("apps.local").serviceName("backend")
              .attributes(a -> a.key("stage").value("prod"))))));
      appMesh.createVirtualRouter(r -> r.meshName(MESH).virtualRouterName("router")
          .spec(s -> s.listeners(l -> l.portMapping(p -> p.port(8080).protocol("grpc")))));
      appMesh.createRoute(r -> r.meshName(MESH).virtualRouterName("router").routeName("all").spec(s -> s
          .grpcRoute(g -> g.match(m -> m.serviceName(TrafficSupport.SERVICE))
              .action(a -> a.weightedTargets(t -> t.virtualNode("backend").weight(1))))));
      appMesh.createVirtualService(r -> r.meshName(MESH).virtualServiceName(VIRTUAL_SERVICE)
          .spec(s -> s.provider(p -> p.virtualRouter(v -> v.virtualRouterName("router")))));
      appMesh.createVirtualNode(r -> r.meshName(MESH).virtualNodeName("client").spec(s -> s
          .backends(b -> b.virtualService(v -> v.virtualServiceName(VIRTUAL_SERVICE)))
          .serviceDiscovery(d -> d.dns(dns -> dns.hostname("client.cloudmap.local")))));

      try (TrafficSupport.XdsClient client = new TrafficSupport.XdsClient(server, MESH, "client", VIRTUAL_SERVICE)) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
            assertThat(client.calls(20)).containsOnlyKeys("first", "second"));

        cloudMap.deregisterInstance(r -> r.serviceId(serviceId).instanceId("second"));
        long deregistered = System.nanoTime();
        await().atMost(REFRESH.multipliedBy(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
            assertThat(client.calls(10)).containsOnlyKeys("first"));
        Duration took = Duration.ofNanos(System.nanoTime() - deregistered);
        System.out.printf("Cloud Map deregistration reached the xDS client in %d ms (refresh interval %d ms)%n",
            took.toMillis(), REFRESH.toMillis());
        int secondCalls = second.calls.get();
        assertThat(client.calls(30)).containsOnly(Map.entry("first", 30));
        assertThat(second.calls).as("calls to the deregistered instance after it left").hasValue(secondCalls);
        // Two refreshes of the Cloud Map cache plus one of the proxy's endpoints, with room for a slow CI.
        assertThat(took).isLessThan(REFRESH.multipliedBy(4));
      }
    }
  }

  /** A gRPC server bound to one loopback address, answering its name (127.0.0.x: same port, two hosts). */
  static final class LoopbackBackend implements AutoCloseable {
    final String host;
    final String name;
    final AtomicInteger calls = new AtomicInteger();
    private final Server server;

    private LoopbackBackend(String host, int port, String name) throws IOException {
      this.host = host;
      this.name = name;
      ServerServiceDefinition service = ServerServiceDefinition.builder(TrafficSupport.SERVICE)
          .addMethod(TrafficSupport.WHO, ServerCalls.asyncUnaryCall((request, response) -> {
            calls.incrementAndGet();
            response.onNext(name);
            response.onCompleted();
          }))
          .build();
      this.server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port)).addService(service).build().start();
    }

    static LoopbackBackend start(String host, int port, String name) throws IOException {
      return new LoopbackBackend(host, port, name);
    }

    int port() {
      return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    @Override
    public void close() throws InterruptedException {
      server.shutdownNow();
      server.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
