package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.configstore.MotoServer;
import dev.meshplane.envoy.AdsTestClient;
import dev.meshplane.envoy.certs.MotoPrivateCa;
import dev.meshplane.envoy.certs.PemCertificates;
import dev.meshplane.proxyconfig.StoredProxyConfigCodec;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
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
      String caArn = MotoPrivateCa.root(acmPca, "Secure mesh CA");
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

        // Until the transformer has stored the node's config, a stream would be refused (NOT_FOUND).
        TrafficSupport.awaitProxyConfig(server, "secure", "web");
        try (AdsTestClient envoy = new AdsTestClient(server.xdsPort(), AdsTestClient.node(NODE, "envoy"))) {
          // The first answers may precede the first fetch; the secrets follow as they are fetched.
          List<Secret> secrets = StoredProxyConfigCodec.unpack(
              envoy.secrets(Set.of(certificateArn, BUNDLE)).getResourcesList(), Secret.class);
          Secret certificate = secrets.stream().filter(s -> s.getName().equals(certificateArn)).findFirst().orElseThrow();
          assertThat(certificate.getTlsCertificate().getCertificateChain().getInlineString())
              .startsWith(acm.getCertificate(r -> r.certificateArn(certificateArn)).certificate().strip());
          assertThat(certificate.getTlsCertificate().getPrivateKey().getInlineString())
              .startsWith("-----BEGIN PRIVATE KEY-----");
          // The key served is the certificate's own.
          assertThat(PemCertificates.signs(
              PemCertificates.privateKey(certificate.getTlsCertificate().getPrivateKey().getInlineString()),
              PemCertificates.certificates(certificate.getTlsCertificate().getCertificateChain().getInlineString()).get(0)))
              .isTrue();
          Secret trust = secrets.stream().filter(s -> s.getName().equals(BUNDLE)).findFirst().orElseThrow();
          assertThat(trust.getValidationContext().getTrustedCa().getInlineString()).isEqualTo(Files.readString(bundle.resolve("ca.crt")));
        }
      }
    }
  }
}
