package dev.meshplane.it;

import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.meshplane.envoy.security.EnvoyAwsIamCallCredentials;
import dev.meshplane.envoy.security.TestCertificates;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.appmesh.AppMeshClient;

/**
 * The all-in-one server configured as the launcher configures it (the config keys of
 * {@code --api-tls-*}, {@code --xds-tls-*}, {@code --xds-client-ca}, unauthenticated xDS off): the
 * AWS SDK manages the mesh over HTTPS; proxies prove their node over mTLS or with Envoy's SigV4
 * metadata signed with the admin key ({@link RunningServer#ADMIN}), and nothing is served over plaintext.
 */
class XdsAndApiTlsTest {
  private static final String KEY_ID = RunningServer.ADMIN.accessKeyId();
  private static final String SECRET = RunningServer.ADMIN.secretAccessKey();
  private static final String MESH = "secure";
  private static final String CLIENT = "arn:aws:appmesh:us-west-2:111122223333:mesh/secure/virtualNode/client";
  private static final String OTHER = "mesh/secure/virtualNode/other";

  @TempDir static Path dir;
  private static TestCertificates.Issued ca;
  private static RunningServer server;
  private static AppMeshClient appMesh;

  @BeforeAll
  static void start() throws Exception {
    ca = TestCertificates.authority(dir, "ca");
    TestCertificates.Issued serverCertificate = TestCertificates.server(dir, ca);
    server = RunningServer.onSqlite(dir.resolve("data"), Map.of(
        "micronaut.server.ssl.enabled", true,
        "micronaut.server.ssl.port", -1,
        "micronaut.server.ssl.key-store.certificate-path", "file:" + serverCertificate.certificateFile(),
        "micronaut.server.ssl.key-store.key-path", "file:" + serverCertificate.keyFile(),
        "meshplane.xds.tls.certificate", serverCertificate.certificateFile().toString(),
        "meshplane.xds.tls.key", serverCertificate.keyFile().toString(),
        "meshplane.xds.client-ca", ca.certificateFile().toString(),
        "meshplane.xds.allow-unauthenticated", false));
    appMesh = AppMeshClient.builder()
        .endpointOverride(https())
        .region(Region.of(RunningServer.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
        .httpClient(UrlConnectionHttpClient.builder().tlsTrustManagersProvider(XdsAndApiTlsTest::trustingTheTestCa).build())
        .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
        .build();
    appMesh.createMesh(r -> r.meshName(MESH));
    for (String node : new String[] {"client", "other"}) {
      appMesh.createVirtualNode(r -> r.meshName(MESH).virtualNodeName(node).spec(s -> s
          .listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))
          .serviceDiscovery(d -> d.dns(dns -> dns.hostname(node + ".secure.local")))));
    }
  }

  @AfterAll
  static void stop() {
    if (appMesh != null) {
      appMesh.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theAwsSdkManagesTheMeshOverHttpsAndPlainHttpIsNotServed() {
    assertThat(appMesh.describeMesh(r -> r.meshName(MESH)).mesh().status().statusAsString()).isEqualTo("ACTIVE");
    try (AppMeshClient plain = AppMeshClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + https().getPort()))
        .region(Region.of(RunningServer.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
        .build()) {
      assertThatThrownBy(() -> plain.listMeshes(r -> {})).isInstanceOf(SdkClientException.class);
    }
  }

  @Test
  void aClientCertificateOfTheNodeGetsItsConfigAndNoOtherNodes() throws Exception {
    TestCertificates.Issued certificate = TestCertificates.client(dir, "client", ca, CLIENT);
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
        assertThat(firstAnswer(tlsChannel(certificate), null, CLIENT).getResourcesCount()).isPositive());

    Status denied = refusal(tlsChannel(certificate), null, OTHER);
    assertThat(denied.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(denied.getDescription()).contains(OTHER).contains("mesh/secure/virtualNode/client");
  }

  @Test
  void envoysSigV4MetadataWithThePrincipalsKeyGetsTheConfig() throws Exception {
    CallCredentials signed = new EnvoyAwsIamCallCredentials(
        AwsCredentialsIdentity.create(KEY_ID, SECRET), RunningServer.REGION, Clock.systemUTC());
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
        assertThat(firstAnswer(tlsChannel(null), signed, OTHER).getResourcesCount()).isPositive());

    CallCredentials wrongSecret = new EnvoyAwsIamCallCredentials(
        AwsCredentialsIdentity.create(KEY_ID, "not-" + SECRET), RunningServer.REGION, Clock.systemUTC());
    assertThat(refusal(tlsChannel(null), wrongSecret, OTHER).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void noIdentityAndPlaintextGetNothing() throws Exception {
    assertThat(refusal(tlsChannel(null), null, CLIENT).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    ManagedChannel plaintext = NettyChannelBuilder.forAddress("127.0.0.1", server.xdsPort()).usePlaintext().build();
    assertThat(refusal(plaintext, null, CLIENT).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  private static URI https() {
    return URI.create("https://127.0.0.1:" + server.endpoint().getPort());
  }

  private static javax.net.ssl.TrustManager[] trustingTheTestCa() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("meshplane-test-ca", ca.certificate());
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      return factory.getTrustManagers();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ManagedChannel tlsChannel(TestCertificates.Issued client) throws Exception {
    SslContextBuilder tls = GrpcSslContexts.forClient().trustManager(ca.certificateFile().toFile());
    if (client != null) {
      tls.keyManager(client.certificateFile().toFile(), client.keyFile().toFile());
    }
    return NettyChannelBuilder.forAddress("127.0.0.1", server.xdsPort()).sslContext(tls.build()).build();
  }

  /** Opens an ADS stream as {@code nodeId}, asks for clusters, returns the first response (or throws its error); closes the channel. */
  private static DiscoveryResponse firstAnswer(ManagedChannel channel, CallCredentials credentials, String nodeId)
      throws Exception {
    CompletableFuture<DiscoveryResponse> first = new CompletableFuture<>();
    try {
      var stub = AggregatedDiscoveryServiceGrpc.newStub(channel);
      if (credentials != null) {
        stub = stub.withCallCredentials(credentials);
      }
      StreamObserver<DiscoveryRequest> requests = stub.streamAggregatedResources(new StreamObserver<>() {
        @Override
        public void onNext(DiscoveryResponse response) {
          first.complete(response);
        }

        @Override
        public void onError(Throwable t) {
          first.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
          first.completeExceptionally(new AssertionError("stream completed without a response"));
        }
      });
      requests.onNext(DiscoveryRequest.newBuilder()
          .setNode(Node.newBuilder().setId(nodeId).setUserAgentName("envoy"))
          .setTypeUrl(CLUSTER_TYPE_URL)
          .build());
      try {
        return first.get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
    } finally {
      channel.shutdownNow();
    }
  }

  /** The status the stream was closed with; fails when a resource was sent instead. */
  private static Status refusal(ManagedChannel channel, CallCredentials credentials, String nodeId) throws Exception {
    try {
      DiscoveryResponse response = firstAnswer(channel, credentials, nodeId);
      throw new AssertionError("expected a refusal, got " + response.getResourcesCount() + " resources");
    } catch (io.grpc.StatusRuntimeException e) {
      return e.getStatus();
    }
  }
}
