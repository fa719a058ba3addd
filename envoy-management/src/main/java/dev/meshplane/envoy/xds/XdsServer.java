package dev.meshplane.envoy.xds;

import dev.meshplane.envoy.security.ReloadingServerTls;
import dev.meshplane.envoy.security.XdsSecurity;
import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.server.DefaultExecutorGroup;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.controlplane.server.serializer.DefaultProtoResourcesSerializer;
import io.envoyproxy.controlplane.server.serializer.ProtoResourcesSerializer;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gRPC server of the xDS API: aggregated discovery (state of the world and delta) and the
 * per-type services, all answered from one {@link ConfigWatcher}; plus gRPC health.
 */
public final class XdsServer implements AutoCloseable {
  /**
   * Threads that run the calls' handlers. gRPC's default, an unbounded cached pool, grew to ~1,000
   * threads (130 MiB of stacks, 600 MiB resident) when 10,000 proxies connected at once; the work
   * is short (admission reads one store item), so a small fixed pool serves the same streams.
   */
  public static final int DEFAULT_EXECUTOR_THREADS = 16;

  private final Server server;
  private final HealthStatusManager health;
  private final Optional<ReloadingServerTls> tls;
  private final ExecutorService executor;

  private XdsServer(Server server, HealthStatusManager health, Optional<ReloadingServerTls> tls, ExecutorService executor) {
    this.server = server;
    this.health = health;
    this.tls = tls;
    this.executor = executor;
  }

  /** The TLS material of the port, when TLS is on. */
  public Optional<ReloadingServerTls> tls() {
    return tls;
  }

  /** Starts listening on {@code address}; port 0 picks a free port (see {@link #port()}). Plaintext, unauthenticated. */
  public static XdsServer start(InetSocketAddress address, ConfigWatcher cache, DiscoveryServerCallbacks callbacks) {
    return start(address, cache, callbacks, XdsSecurity.unauthenticated());
  }

  /**
   * As above, protected as {@code security} says: every xDS call is authenticated by its
   * interceptor (health stays open for probes); TLS when configured, its files re-read periodically.
   */
  public static XdsServer start(
      InetSocketAddress address, ConfigWatcher cache, DiscoveryServerCallbacks callbacks, XdsSecurity security) {
    return start(address, cache, callbacks, security, DEFAULT_EXECUTOR_THREADS);
  }

  /** As above, the calls' handlers run on {@code executorThreads} threads (0: gRPC's unbounded cached pool). */
  public static XdsServer start(InetSocketAddress address, ConfigWatcher cache, DiscoveryServerCallbacks callbacks,
      XdsSecurity security, int executorThreads) {
    return start(address, cache, callbacks, security, executorThreads, List.of(), new DefaultProtoResourcesSerializer());
  }

  /**
   * As above, also serving {@code statusServices} (CSDS) on the port, behind the same
   * authentication as xDS (each service checks what the proven identity may see); responses pack
   * their resources with {@code serializer}.
   */
  public static XdsServer start(InetSocketAddress address, ConfigWatcher cache, DiscoveryServerCallbacks callbacks,
      XdsSecurity security, int executorThreads, List<BindableService> statusServices,
      ProtoResourcesSerializer serializer) {
    V3DiscoveryServer discovery = new V3DiscoveryServer(List.of(callbacks), cache, new DefaultExecutorGroup(), serializer);
    // The standard gRPC health service, for load balancers and Kubernetes probes.
    HealthStatusManager health = new HealthStatusManager();
    // The last interceptor runs first: authenticate, then give the call its end, then screen requests.
    ServerInterceptor[] interceptors = {new RequestScreening(), StreamEnd.interceptor(), security.interceptor()};
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = executorThreads == 0 ? null : Executors.newFixedThreadPool(executorThreads, runnable -> {
      Thread thread = new Thread(runnable, "xds-grpc-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    NettyServerBuilder builder = NettyServerBuilder.forAddress(address);
    if (executor != null) {
      builder.executor(executor);
    }
    builder
        .addService(health.getHealthService())
        .addService(ServerInterceptors.intercept(discovery.getAggregatedDiscoveryServiceImpl(), interceptors))
        .addService(ServerInterceptors.intercept(discovery.getListenerDiscoveryServiceImpl(), interceptors))
        .addService(ServerInterceptors.intercept(discovery.getRouteDiscoveryServiceImpl(), interceptors))
        .addService(ServerInterceptors.intercept(discovery.getClusterDiscoveryServiceImpl(), interceptors))
        .addService(ServerInterceptors.intercept(discovery.getEndpointDiscoveryServiceImpl(), interceptors))
        .addService(ServerInterceptors.intercept(discovery.getSecretDiscoveryServiceImpl(), interceptors));
    for (BindableService service : statusServices) {
      builder.addService(ServerInterceptors.intercept(service, security.interceptor()));
    }
    Optional<ReloadingServerTls> tls = security.tls().map(files -> files.open());
    tls.ifPresent(reloading -> builder.sslContext(reloading.sslContext()));
    Server server = builder.build();
    try {
      server.start();
    } catch (IOException e) {
      tls.ifPresent(ReloadingServerTls::close);
      if (executor != null) {
        executor.shutdownNow();
      }
      throw new UncheckedIOException("xDS server cannot listen on " + address, e);
    }
    return new XdsServer(server, health, tls, executor);
  }

  public int port() {
    return server.getPort();
  }

  /** Whether the port is open for xDS clients (false once shut down). */
  public boolean listening() {
    return !server.isShutdown();
  }

  @Override
  public void close() {
    health.enterTerminalState();
    server.shutdownNow();
    tls.ifPresent(ReloadingServerTls::close);
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
