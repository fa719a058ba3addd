package dev.meshplane.envoy;

import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.auth.AccessKey;
import dev.meshplane.auth.PolicyParser;
import dev.meshplane.auth.Principal;
import dev.meshplane.auth.PrincipalDirectory;
import dev.meshplane.auth.sigv4.SigV4Verifier;
import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import dev.meshplane.envoy.security.EnvoyAwsIamCallCredentials;
import dev.meshplane.envoy.security.TestCertificates;
import dev.meshplane.envoy.security.XdsSecurity;
import dev.meshplane.envoy.security.XdsTls;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * xDS streams signed the way the App Mesh Envoy image signs them (Envoy's AWS IAM gRPC credentials,
 * rebuilt here with the AWS SDK's signer over TLS): a principal allowed
 * appmesh:StreamAggregatedResources on node A gets A's config; node B, tampered, stale, unknown-key,
 * wrong-secret and unsigned calls get nothing.
 */
class XdsSigV4Test {
  private static final String REGION = "us-west-2";
  private static final String NODE_A = "mesh/demo/virtualNode/a";
  private static final String NODE_B = "arn:aws:appmesh:us-west-2:111122223333:mesh/demo/virtualNode/b";
  private static final AccessKey KEY = new AccessKey("AKIAPROXYTEAMA000001", "proxy-team-a-secret");
  private static final String POLICY = """
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "appmesh:StreamAggregatedResources",
        "Resource": "arn:aws:appmesh:*:*:mesh/demo/virtualNode/a"}]}""";

  @TempDir Path dir;
  private SqliteConfigStore store;
  private EnvoyManagement management;
  private TestCertificates.Issued ca;

  @BeforeEach
  void start() throws Exception {
    store = SqliteConfigStore.open(dir);
    new TestMesh("demo")
        .add(VIRTUAL_NODE, null, "a", TestMesh.httpNode("a.demo.local"))
        .add(VIRTUAL_NODE, null, "b", TestMesh.httpNode("b.demo.local"))
        .store(store, 1);
    Principal principal = new Principal("proxy-team-a", "111122223333",
        PolicyParser.parse(List.of(new ObjectMapper().readTree(POLICY)), "proxy-team-a"));
    PrincipalDirectory directory = id -> id.equals(KEY.id())
        ? Optional.of(new PrincipalDirectory.Credentials(principal, KEY))
        : Optional.empty();
    SigV4Verifier verifier = new SigV4Verifier(directory, "appmesh", REGION, Clock.systemUTC(), Duration.ofMinutes(15));
    ca = TestCertificates.authority(dir, "ca");
    TestCertificates.Issued server = TestCertificates.server(dir, ca);
    // As App Mesh's Envoy connects: TLS (Envoy's aws_iam credentials always use TLS), no client certificate.
    management = EnvoyManagement.builder(store, ManagementFixture.settings(4))
        .xdsSecurity(new XdsSecurity(
            Optional.of(new XdsTls(server.certificateFile(), server.keyFile(), Optional.empty())),
            Optional.of(verifier), REGION, false))
        .start();
  }

  @AfterEach
  void stop() {
    management.close();
    store.close();
  }

  @Test
  void signedStreamForAnAllowedNodeReceivesItsConfig() throws Exception {
    AtomicReference<String> authorization = new AtomicReference<>();
    CallCredentials signed = envoySigned(KEY.id(), KEY.secret(), Clock.systemUTC(),
        metadata -> authorization.set(metadata.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER))));
    try (AdsTestClient envoy = new AdsTestClient(channel(signed), AdsTestClient.node(NODE_A, "envoy"))) {
      envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
      assertThat(envoy.next(CLUSTER_TYPE_URL).getResourcesCount()).isPositive();
    }
    // What Envoy's signer signs: the authority as host, its content hash header and its date.
    assertThat(authorization.get())
        .startsWith("AWS4-HMAC-SHA256 Credential=" + KEY.id() + "/")
        .contains("/" + REGION + "/appmesh/aws4_request")
        .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,");
  }

  @Test
  void signedStreamForANodeOutsideThePrincipalsPolicyIsDenied() throws Exception {
    CallCredentials signed = envoySigned(KEY.id(), KEY.secret(), Clock.systemUTC(), metadata -> {});
    try (AdsTestClient envoy = new AdsTestClient(channel(signed), AdsTestClient.node(NODE_B, "envoy"))) {
      envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
      Status status = Status.fromThrowable(envoy.closedWith());
      assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(status.getDescription())
          .contains("arn:aws:iam::111122223333:user/proxy-team-a")
          .contains("appmesh:StreamAggregatedResources")
          .contains(NODE_B);
      assertThat(envoy.nextWithin(Duration.ofMillis(300))).isEmpty();
    }
  }

  @Test
  void refusedSignaturesAreUnauthenticatedAndReceiveNothing() throws Exception {
    Map<String, CallCredentials> refused = Map.of(
        "tampered date", envoySigned(KEY.id(), KEY.secret(), Clock.systemUTC(), metadata -> {
          Metadata.Key<String> date = Metadata.Key.of("x-amz-date", Metadata.ASCII_STRING_MARSHALLER);
          String signedDate = metadata.get(date);
          metadata.removeAll(date);
          // One second later: still inside the window, but not what was signed.
          int seconds = Integer.parseInt(signedDate.substring(13, 15));
          metadata.put(date, signedDate.substring(0, 13) + String.format("%02d", (seconds + 1) % 60) + "Z");
        }),
        "stale", envoySigned(KEY.id(), KEY.secret(),
            Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20)), metadata -> {}),
        "unknown key", envoySigned("AKIAUNKNOWN000000000", KEY.secret(), Clock.systemUTC(), metadata -> {}),
        "wrong secret", envoySigned(KEY.id(), "not-the-secret", Clock.systemUTC(), metadata -> {}));
    for (Map.Entry<String, CallCredentials> variant : refused.entrySet()) {
      try (AdsTestClient envoy = new AdsTestClient(channel(variant.getValue()), AdsTestClient.node(NODE_A, "envoy"))) {
        envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
        Status status = Status.fromThrowable(envoy.closedWith());
        assertThat(status.getCode()).as(variant.getKey()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(status.getDescription()).as(variant.getKey()).contains("SigV4 signature was refused");
        assertThat(envoy.nextWithin(Duration.ofMillis(100))).as(variant.getKey()).isEmpty();
      }
    }
  }

  @Test
  void unsignedCallIsUnauthenticated() throws Exception {
    try (AdsTestClient envoy = new AdsTestClient(channel(null), AdsTestClient.node(NODE_A, "envoy"))) {
      envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
      assertThat(Status.fromThrowable(envoy.closedWith()).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    }
  }

  /** CSDS on the xDS port is authenticated like ADS: a signed caller sees the nodes it may stream, an unsigned one nothing. */
  @Test
  void clientStatusIsAuthenticatedLikeXds() throws Exception {
    CallCredentials signed = envoySigned(KEY.id(), KEY.secret(), Clock.systemUTC(), metadata -> {});
    ManagedChannel csdsChannel = channel(signed);
    ManagedChannel unsignedChannel = channel(null);
    try (AdsTestClient envoy = new AdsTestClient(channel(signed), AdsTestClient.node(NODE_A, "envoy"))) {
      envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
      envoy.ack(envoy.next(CLUSTER_TYPE_URL), List.of());
      var csds = io.envoyproxy.envoy.service.status.v3.ClientStatusDiscoveryServiceGrpc.newBlockingStub(csdsChannel);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        var response = csds.fetchClientStatus(io.envoyproxy.envoy.service.status.v3.ClientStatusRequest.getDefaultInstance());
        assertThat(response.getConfigList()).extracting(c -> c.getNode().getId()).containsExactly(NODE_A);
        assertThat(response.getConfig(0).getGenericXdsConfigsList())
            .filteredOn(c -> c.getTypeUrl().equals(CLUSTER_TYPE_URL))
            .extracting(c -> c.getConfigStatus())
            .containsExactly(io.envoyproxy.envoy.service.status.v3.ConfigStatus.SYNCED);
      });
      var unsigned = io.envoyproxy.envoy.service.status.v3.ClientStatusDiscoveryServiceGrpc.newBlockingStub(unsignedChannel);
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> unsigned.fetchClientStatus(
              io.envoyproxy.envoy.service.status.v3.ClientStatusRequest.getDefaultInstance())))
          .satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    } finally {
      csdsChannel.shutdownNow();
      unsignedChannel.shutdownNow();
    }
  }

  @Test
  void plaintextUnauthenticatedCallIsRefusedWhenAuthenticationIsOn() throws Exception {
    try (EnvoyManagement plaintext = EnvoyManagement.builder(store, ManagementFixture.settings(4))
        .xdsSecurity(new XdsSecurity(Optional.empty(), Optional.empty(), REGION, false))
        .start();
        AdsTestClient envoy = new AdsTestClient(plaintext.xdsPort(), AdsTestClient.node(NODE_A, "envoy"))) {
      envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
      Status status = Status.fromThrowable(envoy.closedWith());
      assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(envoy.nextWithin(Duration.ofMillis(300))).isEmpty();
    }
  }

  private static CallCredentials envoySigned(String keyId, String secret, Clock clock, Consumer<Metadata> tamper) {
    return new EnvoyAwsIamCallCredentials(AwsCredentialsIdentity.create(keyId, secret), REGION, clock, tamper);
  }

  /** TLS trusting the test CA; each call carries {@code credentials} when given. */
  private ManagedChannel channel(CallCredentials credentials) throws Exception {
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress("127.0.0.1", management.xdsPort())
        .sslContext(GrpcSslContexts.forClient().trustManager(ca.certificateFile().toFile()).build());
    if (credentials != null) {
      builder.intercept(new io.grpc.ClientInterceptor() {
        @Override
        public <Q, R> io.grpc.ClientCall<Q, R> interceptCall(
            io.grpc.MethodDescriptor<Q, R> method, io.grpc.CallOptions options, io.grpc.Channel next) {
          return next.newCall(method, options.withCallCredentials(credentials));
        }
      });
    }
    return builder.build();
  }
}
