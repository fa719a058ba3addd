package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.configstore.MotoServer;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.CertificateAuthorityType;
import software.amazon.awssdk.services.acmpca.model.KeyAlgorithm;
import software.amazon.awssdk.services.acmpca.model.SigningAlgorithm;
import software.amazon.awssdk.services.acmpca.model.ValidityPeriodType;
import software.amazon.awssdk.services.appmesh.AppMeshClient;
import software.amazon.awssdk.services.appmesh.model.ListenerTlsMode;

/**
 * The all-in-one server configured as a user would ({@code meshplane.acm.endpoint} pointing at a
 * real moto_server, {@code meshplane.secrets-dir} at PEM files): a virtual node created through the
 * App Mesh SDK with an ACM listener certificate and an {@code sds} trust gets both secrets over ADS.
 */
class AcmCertificatesEndToEndTest {
  private static final String NODE = "arn:aws:appmesh:us-west-2:111122223333:mesh/secure/virtualNode/web";
  private static final String BUNDLE = "spiffe://example.org";

  @TempDir Path dataDir;
  @TempDir Path secretsDir;

  @Test
  void acmAndPemSecretsReachASidecarThroughTheLauncherConfiguration() throws Exception {
    // The launcher's ACM clients use the default credentials chain.
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    try (MotoServer moto = MotoServer.start();
        AcmPcaClient acmPca = moto.configure(AcmPcaClient.builder()).region(Region.of(RunningServer.REGION))
            .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        AcmClient acm = moto.configure(AcmClient.builder()).region(Region.of(RunningServer.REGION))
            .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
      String caArn = rootCa(acmPca);
      String certificateArn = acm.requestCertificate(r -> r.domainName("web.secure.local").certificateAuthorityArn(caArn))
          .certificateArn();
      // The PEM directory's trust bundle for BUNDLE: the private CA's certificate.
      Path bundle = Files.createDirectories(secretsDir.resolve("spiffe%3A%2F%2Fexample.org"));
      Files.writeString(bundle.resolve("ca.crt"),
          acmPca.getCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(caArn)).certificate());

      try (RunningServer server = RunningServer.onSqlite(dataDir, Map.of(
              "meshplane.acm.endpoint", moto.endpoint().toString(),
              "meshplane.secrets-dir", secretsDir.toString()));
          AppMeshClient appMesh = server.client()) {
        appMesh.createMesh(r -> r.meshName("secure"));
        appMesh.createVirtualNode(r -> r.meshName("secure").virtualNodeName("web").spec(s -> s
            .listeners(l -> l.portMapping(p -> p.port(8443).protocol("http")).tls(t -> t
                .mode(ListenerTlsMode.STRICT)
                .certificate(c -> c.acm(a -> a.certificateArn(certificateArn)))
                .validation(v -> v.trust(trust -> trust.sds(sds -> sds.secretName(BUNDLE))))))
            .serviceDiscovery(d -> d.dns(dns -> dns.hostname("web.secure.local")))));

        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.xdsPort()).usePlaintext().build();
        BlockingQueue<DiscoveryResponse> responses = new LinkedBlockingQueue<>();
        Node node = Node.newBuilder().setId(NODE).setUserAgentName("envoy").build();
        List<String> names = List.of(certificateArn, BUNDLE);
        StreamObserver<DiscoveryRequest> requests = null;
        try {
          // Until the transformer has stored the node's config, a stream is refused (NOT_FOUND): open again.
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
          while (responses.isEmpty()) {
            assertThat(System.nanoTime()).as("an xDS stream admitted for " + NODE).isLessThan(deadline);
            requests = sdsStream(channel, responses);
            requests.onNext(DiscoveryRequest.newBuilder().setNode(node)
                .setTypeUrl("type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret")
                .addAllResourceNames(names).build());
            Thread.sleep(200);
          }
          List<Secret> secrets = new ArrayList<>();
          // The first answers may precede the first fetch; the secrets follow as they are fetched.
          while (!secrets.stream().map(Secret::getName).toList().containsAll(names)) {
            DiscoveryResponse response = responses.poll(20, TimeUnit.SECONDS);
            assertThat(response).as("an SDS response with " + names).isNotNull();
            requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(response.getTypeUrl())
                .addAllResourceNames(names).setVersionInfo(response.getVersionInfo())
                .setResponseNonce(response.getNonce()).build());
            secrets.clear();
            for (var any : response.getResourcesList()) {
              secrets.add(any.unpack(Secret.class));
            }
          }
          Secret certificate = secrets.stream().filter(s -> s.getName().equals(certificateArn)).findFirst().orElseThrow();
          assertThat(certificate.getTlsCertificate().getCertificateChain().getInlineString())
              .startsWith(acm.getCertificate(r -> r.certificateArn(certificateArn)).certificate().strip());
          assertThat(certificate.getTlsCertificate().getPrivateKey().getInlineString())
              .startsWith("-----BEGIN PRIVATE KEY-----");
          Secret trust = secrets.stream().filter(s -> s.getName().equals(BUNDLE)).findFirst().orElseThrow();
          assertThat(trust.getValidationContext().getTrustedCa().getInlineString()).isEqualTo(Files.readString(bundle.resolve("ca.crt")));
        } finally {
          channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static StreamObserver<DiscoveryRequest> sdsStream(
      ManagedChannel channel, BlockingQueue<DiscoveryResponse> responses) {
    return AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(new StreamObserver<>() {
      @Override
      public void onNext(DiscoveryResponse value) {
        responses.add(value);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    });
  }

  /** A root CA in moto's ACM Private CA: created, its CSR self-issued, the certificate imported. */
  private static String rootCa(AcmPcaClient acmPca) {
    String arn = acmPca.createCertificateAuthority(r -> r
            .certificateAuthorityType(CertificateAuthorityType.ROOT)
            .certificateAuthorityConfiguration(c -> c
                .keyAlgorithm(KeyAlgorithm.RSA_2048)
                .signingAlgorithm(SigningAlgorithm.SHA256_WITHRSA)
                .subject(s -> s.commonName("Secure mesh CA"))))
        .certificateAuthorityArn();
    String csr = acmPca.getCertificateAuthorityCsr(r -> r.certificateAuthorityArn(arn)).csr();
    String issued = acmPca.issueCertificate(r -> r
            .certificateAuthorityArn(arn)
            .csr(SdkBytes.fromUtf8String(csr))
            .signingAlgorithm(SigningAlgorithm.SHA256_WITHRSA)
            .templateArn("arn:aws:acm-pca:::template/RootCACertificate/V1")
            .validity(v -> v.type(ValidityPeriodType.YEARS).value(1L)))
        .certificateArn();
    String certificate = acmPca.getCertificate(r -> r.certificateAuthorityArn(arn).certificateArn(issued)).certificate();
    acmPca.importCertificateAuthorityCertificate(r -> r
        .certificateAuthorityArn(arn).certificate(SdkBytes.fromUtf8String(certificate)));
    return arn;
  }
}
