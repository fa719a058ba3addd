package dev.meshplane.it;

import static org.awaitility.Awaitility.await;

import dev.meshplane.envoy.EchoService;
import dev.meshplane.envoy.ProxylessClient;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.services.appmesh.AppMeshClient;
import software.amazon.awssdk.services.appmesh.model.RouteSpec;

/**
 * Test plumbing for the traffic tests: tiny gRPC backends with string messages (no generated
 * code), a real grpc-java xDS client whose node id is a virtual node, and a mesh created through the
 * App Mesh SDK as a user would.
 */
final class TrafficSupport {
  /** The gRPC service the backends serve and the routes match. */
  static final String SERVICE = EchoService.NAME;

  /** Answers the backend's name (or fails, or is slow, as the backend's behavior says). */
  static final MethodDescriptor<String, String> WHO = EchoService.WHO;

  private TrafficSupport() {}

  /** What a backend does with its n-th call (counted from 1): answer its name, fail, or sleep first. */
  interface Behavior {
    /** Returns null to answer the backend's name, or the status to fail with. */
    Status onCall(int n, String request) throws InterruptedException;
  }

  /** A local gRPC server on a free loopback port that counts the calls (attempts) it receives. */
  static final class Backend implements AutoCloseable {
    /** The backend's virtual node name. */
    final String name;
    final AtomicInteger calls = new AtomicInteger();
    private final Server server;

    Backend(String name, Behavior behavior) throws IOException {
      this(name, name, behavior);
    }

    /** A backend of virtual node {@code name} that answers {@code answer}. */
    Backend(String name, String answer, Behavior behavior) throws IOException {
      this.name = name;
      ServerServiceDefinition service = EchoService.handledBy((request, response) -> {
        try {
          Status failure = behavior.onCall(calls.incrementAndGet(), request);
          if (failure != null) {
            response.onError(failure.asRuntimeException());
            return;
          }
          response.onNext(answer);
          response.onCompleted();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          response.onError(Status.CANCELLED.asRuntimeException());
        }
      });
      this.server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
          .addService(service).build().start();
    }

    static Backend answering(String name) throws IOException {
      return new Backend(name, (n, request) -> null);
    }

    int port() {
      return server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
      server.shutdownNow();
      server.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * A proxyless gRPC application ({@link ProxylessClient}) naming {@code mesh/<mesh>/virtualNode/<node>},
   * calling {@code <virtual service>} with headers and counting failures by status code.
   */
  static final class XdsClient implements EchoCalls {
    private final ProxylessClient client;

    /** Connects once the server holds the node's config. */
    XdsClient(RunningServer server, String mesh, String virtualNode, String virtualService) {
      this(awaitingConfig(server, mesh, virtualNode), mesh, virtualNode, virtualService);
    }

    private static int awaitingConfig(RunningServer server, String mesh, String virtualNode) {
      awaitProxyConfig(server, mesh, virtualNode);
      return server.xdsPort();
    }

    XdsClient(int xdsPort, String mesh, String virtualNode, String virtualService) {
      client = ProxylessClient.plaintext(xdsPort, "mesh/" + mesh + "/virtualNode/" + virtualNode, virtualService);
    }

    /** One call (waiting for the xDS config if there is none yet); returns the name of the backend that answered. */
    String call() {
      return call(Map.of(), "hi", 10_000);
    }

    String call(Map<String, String> headers, String request, long deadlineMillis) {
      Metadata metadata = new Metadata();
      headers.forEach((k, v) -> metadata.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
      return ClientCalls.blockingUnaryCall(
          ClientInterceptors.intercept(client.channel(), MetadataUtils.newAttachHeadersInterceptor(metadata)),
          WHO, CallOptions.DEFAULT.withWaitForReady().withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS),
          request);
    }

    @Override
    public Map<String, Integer> calls(int count) {
      return calls(count, Map.of());
    }

    Map<String, Integer> calls(int count, Map<String, String> headers) {
      Map<String, Integer> served = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        String who;
        try {
          who = call(headers, "hi", 10_000);
        } catch (StatusRuntimeException e) {
          who = e.getStatus().getCode().name();
        }
        served.merge(who, 1, Integer::sum);
      }
      return served;
    }

    @Override
    public void close() throws InterruptedException {
      client.close();
    }
  }

  /**
   * Creates, through the SDK, a mesh with one virtual node per backend (a grpc listener on the
   * backend's real port, DNS discovery of 127.0.0.1), a virtual router with a grpc listener, the
   * routes {@code routes} creates, a virtual service provided by the router, and last the client
   * virtual node with the virtual service as its backend.
   */
  static void createMesh(AppMeshClient appMesh, String mesh, String router, String virtualService,
      String clientNode, List<Backend> backends, Runnable routes) {
    appMesh.createMesh(r -> r.meshName(mesh));
    for (Backend b : backends) {
      appMesh.createVirtualNode(r -> r.meshName(mesh).virtualNodeName(b.name).spec(s -> s
          .listeners(l -> l.portMapping(p -> p.port(b.port()).protocol("grpc")))
          .serviceDiscovery(d -> d.dns(dns -> dns.hostname("127.0.0.1")))));
    }
    appMesh.createVirtualRouter(r -> r.meshName(mesh).virtualRouterName(router)
        .spec(s -> s.listeners(l -> l.portMapping(p -> p.port(8080).protocol("grpc")))));
    routes.run();
    appMesh.createVirtualService(r -> r.meshName(mesh).virtualServiceName(virtualService)
        .spec(s -> s.provider(p -> p.virtualRouter(v -> v.virtualRouterName(router)))));
    appMesh.createVirtualNode(r -> r.meshName(mesh).virtualNodeName(clientNode).spec(s -> s
        .backends(b -> b.virtualService(v -> v.virtualServiceName(virtualService)))
        .serviceDiscovery(d -> d.dns(dns -> dns.hostname("client." + mesh + ".local")))));
  }

  /** A grpc route of {@link #SERVICE} splitting calls between virtual nodes backend-a and backend-b. */
  static Consumer<RouteSpec.Builder> weighted(int weightA, int weightB) {
    return s -> s.grpcRoute(g -> g
        .match(m -> m.serviceName(SERVICE))
        .action(a -> a.weightedTargets(
            t -> t.virtualNode("backend-a").weight(weightA),
            t -> t.virtualNode("backend-b").weight(weightB))));
  }

  /** A grpc route of {@link #SERVICE} sending every call to one virtual node. */
  static Consumer<RouteSpec.Builder> routeAllTo(String virtualNode) {
    return s -> s.grpcRoute(g -> g
        .match(m -> m.serviceName(SERVICE))
        .action(a -> a.weightedTargets(t -> t.virtualNode(virtualNode).weight(1))));
  }

  /**
   * Waits until the server has synthesized the client's config (its config endpoint answers 200):
   * an xDS client that connects before that gets NOT_FOUND for its node id, by design.
   */
  static void awaitProxyConfig(RunningServer server, String mesh, String virtualNode) {
    awaitProxyConfig(server.endpoint(), mesh, virtualNode);
  }

  /** As above, for the server whose API is at {@code endpoint} (the admin principal signs). */
  static void awaitProxyConfig(URI endpoint, String mesh, String virtualNode) {
    var config = endpoint.resolve("/meshplane/v1/meshes/" + mesh + "/virtualNodes/" + virtualNode + "/config");
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .until(() -> SignedHttp.get(config, RunningServer.ADMIN).statusCode() == 200);
  }
}
