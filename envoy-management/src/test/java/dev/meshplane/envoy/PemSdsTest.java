package dev.meshplane.envoy;

import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static dev.meshplane.model.ResourceKind.VIRTUAL_SERVICE;
import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.SECRET_TYPE_URL;
import static dev.meshplane.envoy.certs.PemCertificates.certificates;
import static dev.meshplane.envoy.certs.PemCertificates.privateKey;
import static dev.meshplane.envoy.certs.PemCertificates.signs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.envoy.certs.CertificateManager;
import dev.meshplane.envoy.certs.CertificateSources;
import dev.meshplane.envoy.certs.PemDirectorySource;
import dev.meshplane.envoy.security.TestCertificates;
import dev.meshplane.proxyconfig.StoredProxyConfigCodec;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** App Mesh {@code sds} secret names served from a directory of PEM files, and their rotation. */
class PemSdsTest {
  private static final String APP = "mesh/demo/virtualNode/app";
  private static final String SVID = "spiffe://example.org/ns/app";
  private static final String BUNDLE = "spiffe://example.org";

  @TempDir Path secretsDir;
  @TempDir Path scratch;
  private final InMemoryConfigStore store = new InMemoryConfigStore();
  private TestCertificates.Issued ca;
  private EnvoyManagement management;

  @BeforeEach
  void start() throws Exception {
    ca = TestCertificates.authority(scratch, "ca");
    writeCertificate(TestCertificates.client(scratch, "app", ca, SVID));
    Path bundle = Files.createDirectories(secretsDir.resolve(PemDirectorySource.directoryName(BUNDLE)));
    Files.copy(ca.certificateFile(), bundle.resolve("ca.crt"));

    new TestMesh("demo")
        .sdsFromSecretsDir()
        .add(VIRTUAL_NODE, null, "app", """
            {"listeners": [{"portMapping": {"port": 8443, "protocol": "http"},
               "tls": {"mode": "STRICT", "certificate": {"sds": {"secretName": "%s"}},
                 "validation": {"trust": {"sds": {"secretName": "%s"}}}}}],
             "serviceDiscovery": {"dns": {"hostname": "app.demo.local"}},
             "backendDefaults": {"clientPolicy": {"tls": {
               "certificate": {"sds": {"secretName": "%s"}},
               "validation": {"trust": {"sds": {"secretName": "%s"}}}}}},
             "backends": [{"virtualService": {"virtualServiceName": "payments.demo.local"}}]}"""
            .formatted(SVID, BUNDLE, SVID, BUNDLE))
        .add(VIRTUAL_NODE, null, "payments", TestMesh.httpNode("127.0.0.1"))
        .add(VIRTUAL_SERVICE, null, "payments.demo.local", """
            {"provider": {"virtualNode": {"virtualNodeName": "payments"}}}""")
        .store(store, 1);

    management = ManagementFixture.builder(store)
        .certificates(new CertificateSources(Optional.empty(), Optional.empty(), Optional.of(secretsDir)),
            new CertificateManager.Settings(Duration.ofHours(1), Duration.ofDays(1), Duration.ofMillis(100),
                Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(1)))
        .start();
  }

  @AfterEach
  void stop() {
    management.close();
  }

  @Test
  void pemFilesAreServedOverSdsAndARotationReachesTheProxyOnlyOnceCertificateAndKeyMatch() throws Exception {
    try (AdsTestClient envoy = new AdsTestClient(management.xdsPort(), AdsTestClient.node(APP, "envoy"))) {
      envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
      DiscoveryResponse cds = envoy.next(CLUSTER_TYPE_URL);
      envoy.ack(cds, List.of());
      envoy.request(LISTENER_TYPE_URL, List.of(), "", "");
      DiscoveryResponse lds = envoy.next(LISTENER_TYPE_URL);
      envoy.ack(lds, List.of());
      List<Listener> listeners = StoredProxyConfigCodec.unpack(lds.getResourcesList(), Listener.class);
      List<Cluster> clusters = StoredProxyConfigCodec.unpack(cds.getResourcesList(), Cluster.class);
      assertThat(SdsReferences.certificateNames(listeners, clusters)).containsExactly(SVID);
      assertThat(SdsReferences.validationNames(listeners, clusters)).containsExactly(BUNDLE);

      Set<String> names = Set.of(SVID, BUNDLE);
      DiscoveryResponse sds = envoy.secrets(names);
      List<Secret> secrets = StoredProxyConfigCodec.unpack(sds.getResourcesList(), Secret.class);
      assertThat(secrets).extracting(Secret::getName).containsExactlyInAnyOrderElementsOf(names);
      Secret svid = secret(secrets, SVID);
      assertThat(certificates(svid.getTlsCertificate().getCertificateChain().getInlineString()))
          .first().satisfies(c -> assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=app"));
      assertThat(certificates(secret(secrets, BUNDLE).getValidationContext().getTrustedCa()
          .getInlineString())).containsExactly(ca.certificate());

      // Rotation, written non-atomically: a new certificate next to the old key is not served...
      TestCertificates.Issued rotated = TestCertificates.client(scratch, "rotated", ca, SVID);
      Path svidDir = secretsDir.resolve(PemDirectorySource.directoryName(SVID));
      Files.copy(rotated.certificateFile(), svidDir.resolve("tls.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      assertThat(envoy.nextWithin(Duration.ofMillis(600))).isEmpty();

      // ...and once its key is there too, the new pair reaches the proxy.
      Files.copy(rotated.keyFile(), svidDir.resolve("tls.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      DiscoveryResponse pushed = envoy.next(SECRET_TYPE_URL);
      assertThat(pushed.getVersionInfo()).isNotEqualTo(sds.getVersionInfo());
      Secret renewed = secret(StoredProxyConfigCodec.unpack(pushed.getResourcesList(), Secret.class), SVID);
      assertThat(certificates(renewed.getTlsCertificate().getCertificateChain().getInlineString()))
          .first().isEqualTo(rotated.certificate());
      assertThat(signs(
          privateKey(renewed.getTlsCertificate().getPrivateKey().getInlineString()), rotated.certificate()))
          .isTrue();
    }
  }

  private void writeCertificate(TestCertificates.Issued issued) throws Exception {
    Path dir = Files.createDirectories(secretsDir.resolve(PemDirectorySource.directoryName(SVID)));
    Files.copy(issued.certificateFile(), dir.resolve("tls.crt"));
    Files.copy(issued.keyFile(), dir.resolve("tls.key"));
  }

  private static Secret secret(List<Secret> secrets, String name) {
    return secrets.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }
}
