package dev.meshplane.envoy;

import static dev.meshplane.model.ResourceKind.ROUTE;
import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static dev.meshplane.model.ResourceKind.VIRTUAL_ROUTER;
import static dev.meshplane.model.ResourceKind.VIRTUAL_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import dev.meshplane.envoy.security.FileTlsXdsCredentialsProvider;
import dev.meshplane.envoy.security.TestCertificates;
import dev.meshplane.envoy.security.XdsSecurity;
import dev.meshplane.envoy.security.XdsTls;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.NameResolverRegistry;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real grpc-java xDS client reaches the xDS server over TLS with a client certificate named in
 * its bootstrap (authentication required): the certificate of its own node gets it routed; a
 * certificate of another node gets it no config at all.
 */
class ProxylessMutualTlsTest {
  private static final MethodDescriptor<String, String> WHO = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName("demo.Echo/Who")
      .setRequestMarshaller(new Utf8())
      .setResponseMarshaller(new Utf8())
      .build();
  private static final String CLIENT = "arn:aws:appmesh:us-west-2:111122223333:mesh/demo/virtualNode/client";

  @TempDir Path dir;
  private SqliteConfigStore store;
  private Server backend;
  private EnvoyManagement management;
  private TestCertificates.Issued ca;

  @BeforeEach
  void start() throws IOException {
    backend = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .addService(ServerServiceDefinition.builder("demo.Echo")
            .addMethod(WHO, ServerCalls.asyncUnaryCall((request, response) -> {
              response.onNext("backend");
              response.onCompleted();
            }))
            .build())
        .build().start();
    store = SqliteConfigStore.open(dir);
    new TestMesh("demo")
        .add(VIRTUAL_NODE, null, "backend", """
            {"listeners": [{"portMapping": {"port": %d, "protocol": "grpc"}}],
             "serviceDiscovery": {"dns": {"hostname": "127.0.0.1"}}}""".formatted(backend.getPort()))
        .add(VIRTUAL_NODE, null, "client", """
            {"backends": [{"virtualService": {"virtualServiceName": "echo.demo.local"}}],
             "serviceDiscovery": {"dns": {"hostname": "client.demo.local"}}}""")
        .add(VIRTUAL_ROUTER, null, "echo", """
            {"listeners": [{"portMapping": {"port": 50051, "protocol": "grpc"}}]}""")
        .add(ROUTE, "echo", "all", """
            {"grpcRoute": {"match": {"serviceName": "demo.Echo"},
              "action": {"weightedTargets": [{"virtualNode": "backend", "weight": 1}]}}}""")
        .add(VIRTUAL_SERVICE, null, "echo.demo.local", """
            {"provider": {"virtualRouter": {"virtualRouterName": "echo"}}}""")
        .store(store, 1);
    ca = TestCertificates.authority(dir, "ca");
    TestCertificates.Issued server = TestCertificates.server(dir, ca);
    management = EnvoyManagement.builder(store, new EnvoyManagement.Settings(
            new InetSocketAddress("127.0.0.1", 0), Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofMillis(200), Duration.ofSeconds(30), 4))
        .xdsSecurity(new XdsSecurity(
            Optional.of(new XdsTls(server.certificateFile(), server.keyFile(), Optional.of(ca.certificateFile()))),
            Optional.empty(), "us-west-2", false))
        .start();
  }

  @AfterEach
  void stop() {
    management.close();
    store.close();
    backend.shutdownNow();
  }

  @Test
  void clientWithTheCertificateOfItsNodeIsRouted() throws Exception {
    TestCertificates.Issued certificate = TestCertificates.client(dir, "client", ca, CLIENT);
    try (XdsChannel client = new XdsChannel("meshplane-mtls-ok", certificate)) {
      assertThat(client.call(CallOptions.DEFAULT.withWaitForReady().withDeadlineAfter(10, TimeUnit.SECONDS)))
          .isEqualTo("backend");
    }
  }

  @Test
  void clientWithTheCertificateOfAnotherNodeGetsNoConfig() throws Exception {
    TestCertificates.Issued certificate =
        TestCertificates.client(dir, "backend", ca, "mesh/demo/virtualNode/backend");
    try (XdsChannel client = new XdsChannel("meshplane-mtls-denied", certificate)) {
      StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
          () -> client.call(CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS)));
      assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(failure.getStatus().getDescription()).contains("PERMISSION_DENIED");
    }
  }

  /** A channel to {@code <scheme>:///echo.demo.local} resolved by grpc-java's xDS client over mTLS. */
  private final class XdsChannel implements AutoCloseable {
    private final XdsNameResolverProvider resolver;
    private final ManagedChannel channel;

    XdsChannel(String scheme, TestCertificates.Issued certificate) {
      Map<String, ?> bootstrap = Map.of(
          "xds_servers", List.of(Map.of(
              "server_uri", "localhost:" + management.xdsPort(),
              "channel_creds", List.of(Map.of("type", FileTlsXdsCredentialsProvider.NAME, "config", Map.of(
                  "ca_certificate_file", ca.certificateFile().toString(),
                  "certificate_file", certificate.certificateFile().toString(),
                  "private_key_file", certificate.keyFile().toString()))),
              "server_features", List.of())),
          "node", Map.of("id", CLIENT));
      resolver = XdsNameResolverProvider.createForTest(scheme, bootstrap);
      NameResolverRegistry.getDefaultRegistry().register(resolver);
      channel = Grpc.newChannelBuilder(scheme + ":///echo.demo.local", InsecureChannelCredentials.create()).build();
    }

    String call(CallOptions options) {
      return ClientCalls.blockingUnaryCall(channel, WHO, options, "hi");
    }

    @Override
    public void close() throws InterruptedException {
      channel.shutdownNow();
      channel.awaitTermination(5, TimeUnit.SECONDS);
      NameResolverRegistry.getDefaultRegistry().deregister(resolver);
    }
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
