package dev.meshplane.envoy;

import static dev.meshplane.envoy.certs.PemCertificates.certificates;
import static dev.meshplane.envoy.certs.PemCertificates.privateKey;
import static dev.meshplane.envoy.certs.PemCertificates.signs;
import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static dev.meshplane.model.ResourceKind.VIRTUAL_SERVICE;
import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.SECRET_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshplane.configstore.MotoServer;
import dev.meshplane.envoy.certs.AcmCertificateAuthoritySource;
import dev.meshplane.envoy.certs.CertificateManager;
import dev.meshplane.envoy.certs.CertificateSources;
import dev.meshplane.envoy.certs.MotoPrivateCa;
import dev.meshplane.envoy.certs.SecretKey;
import dev.meshplane.proxyconfig.StoredProxyConfigCodec;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.ExportCertificateRequest;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;

/**
 * ACM certificates and ACM Private CA trust reach a sidecar over SDS, read from a real
 * moto_server through the real AWS SDK: a private CA is made in moto's acm-pca and a private
 * certificate requested from it in moto's acm, which moto lets us export. (moto signs that
 * certificate with a fixed "Amazon" issuer, not the CA, so the trust is checked as the CA's own
 * certificate, not as a chain that verifies.)
 */
class AcmSdsTest {
  private static final String WEB = "mesh/demo/virtualNode/web";
  private static final String ORPHAN = "mesh/demo/virtualNode/orphan";
  private static final String CALLER = "mesh/demo/virtualNode/caller";
  private static final String MISSING_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/does-not-exist";
  private static MotoServer moto;

  private final MutableClock clock = MutableClock.of(Instant.now(), ZoneOffset.UTC);
  private final InMemoryConfigStore store = new InMemoryConfigStore();
  /** Counts the ExportCertificate calls the manager makes (the SDK's own interceptor hook). */
  private final AtomicInteger exports = new AtomicInteger();
  private AcmClient acm;
  private AcmPcaClient acmPca;
  private String caArn;
  private String certificateArn;
  private EnvoyManagement management;
  private boolean motoStopped;

  @BeforeAll
  static void startMoto() {
    moto = MotoServer.start();
  }

  @AfterAll
  static void stopMoto() {
    moto.close();
  }

  @BeforeEach
  void start() {
    acm = moto.configure(AcmClient.builder()).httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
          @Override
          public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof ExportCertificateRequest) {
              exports.incrementAndGet();
            }
          }
        }))
        .build();
    acmPca = moto.configure(AcmPcaClient.builder()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    caArn = MotoPrivateCa.root(acmPca, "Demo mesh CA");
    certificateArn = acm.requestCertificate(r -> r.domainName("web.demo.local").certificateAuthorityArn(caArn))
        .certificateArn();

    new TestMesh("demo")
        .add(VIRTUAL_NODE, null, "web", """
            {"listeners": [{"portMapping": {"port": 8443, "protocol": "http"},
               "tls": {"mode": "STRICT", "certificate": {"acm": {"certificateArn": "%s"}}}}],
             "serviceDiscovery": {"dns": {"hostname": "web.demo.local"}},
             "backendDefaults": {"clientPolicy": {"tls": {
               "validation": {"trust": {"acm": {"certificateAuthorityArns": ["%s"]}}}}}},
             "backends": [{"virtualService": {"virtualServiceName": "payments.demo.local"}}]}"""
            .formatted(certificateArn, caArn))
        .add(VIRTUAL_NODE, null, "payments", TestMesh.httpNode("127.0.0.1"))
        .add(VIRTUAL_SERVICE, null, "payments.demo.local", """
            {"provider": {"virtualNode": {"virtualNodeName": "payments"}}}""")
        .add(VIRTUAL_SERVICE, null, "web.demo.local", """
            {"provider": {"virtualNode": {"virtualNodeName": "web"}}}""")
        .add(VIRTUAL_NODE, null, "caller", """
            {"backends": [{"virtualService": {"virtualServiceName": "web.demo.local"}}]}""")
        .add(VIRTUAL_NODE, null, "orphan", """
            {"listeners": [{"portMapping": {"port": 8443, "protocol": "http"},
               "tls": {"mode": "STRICT", "certificate": {"acm": {"certificateArn": "%s"}}}}],
             "serviceDiscovery": {"dns": {"hostname": "orphan.demo.local"}}}""".formatted(MISSING_ARN))
        .store(store, 1);

    management = ManagementFixture.builder(store)
        .clock(clock)
        .certificates(new CertificateSources(Optional.of(acm), Optional.of(acmPca), Optional.empty()),
            new CertificateManager.Settings(Duration.ofHours(1), Duration.ofDays(1), Duration.ofMillis(200),
                Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofMinutes(1)))
        .start();
  }

  @AfterEach
  void stop() {
    management.close();
    if (motoStopped) {
      // Back, empty: each test makes its own CA and certificate.
      moto.restart();
    }
  }

  @Test
  void aSidecarGetsItsAcmCertificateAndPrivateCaTrustOverSdsAndTheConfigIsClosed() throws Exception {
    try (AdsTestClient envoy = new AdsTestClient(management.xdsPort(), AdsTestClient.node(WEB, "envoy"))) {
      Set<String> names = sdsNames(envoy);
      String trustName = AcmCertificateAuthoritySource.PREFIX + caArn;
      assertThat(names).containsExactlyInAnyOrder(certificateArn, trustName);

      List<Secret> secrets = secrets(envoy, names);
      // Closed: every name a listener or cluster references is served.
      assertThat(secrets).extracting(Secret::getName).containsExactlyInAnyOrderElementsOf(names);

      Secret certificate = secrets.stream().filter(s -> s.getName().equals(certificateArn)).findFirst().orElseThrow();
      List<X509Certificate> chain = certificates(certificate.getTlsCertificate().getCertificateChain().getInlineString());
      X509Certificate issued = certificates(acm.getCertificate(r -> r.certificateArn(certificateArn)).certificate()).get(0);
      assertThat(chain.get(0)).isEqualTo(issued);
      assertThat(chain).hasSizeGreaterThan(1); // the chain follows the certificate
      PrivateKey key = privateKey(certificate.getTlsCertificate().getPrivateKey().getInlineString());
      assertThat(signs(key, chain.get(0))).isTrue();

      Secret trust = secrets.stream().filter(s -> s.getName().equals(trustName)).findFirst().orElseThrow();
      X509Certificate ca = certificates(
          acmPca.getCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(caArn)).certificate()).get(0);
      assertThat(certificates(trust.getValidationContext().getTrustedCa().getInlineString())).contains(ca);
    }
  }

  /**
   * A caller without a client policy toward web's ACM-certificate listener validates it, as App
   * Mesh's clients did, against the root CA the certificate chains up to: the last certificate of
   * the chain ACM returns for it.
   */
  @Test
  void aCallerWithoutAClientPolicyTrustsTheRootOfTheListenersAcmCertificate() throws Exception {
    try (AdsTestClient envoy = new AdsTestClient(management.xdsPort(), AdsTestClient.node(CALLER, "envoy"))) {
      Set<String> names = sdsNames(envoy);
      String rootName = "acm-root:" + certificateArn;
      assertThat(names).containsExactly(rootName);
      Secret root = secrets(envoy, names).get(0);
      List<X509Certificate> chain = certificates(
          acm.getCertificate(r -> r.certificateArn(certificateArn)).certificateChain());
      assertThat(certificates(root.getValidationContext().getTrustedCa().getInlineString()))
          .containsExactly(chain.get(chain.size() - 1));
    }
  }

  @Test
  void renewalFetchesAgainNearExpiryAndAtLeastEveryRefreshInterval() throws Exception {
    try (AdsTestClient envoy = new AdsTestClient(management.xdsPort(), AdsTestClient.node(WEB, "envoy"))) {
      Set<String> names = sdsNames(envoy);
      secrets(envoy, names);
      int exportsBefore = exports.get();
      SecretKey trust = new SecretKey(AcmCertificateAuthoritySource.PREFIX + caArn,
          SecretKey.Source.ACM_CERTIFICATE_AUTHORITIES);
      long trustFetches = status().get(trust).fetches();

      // Past the refresh interval: both are read again (an ACM renewal keeps the ARN).
      clock.add(Duration.ofMinutes(61));
      await().atMost(Duration.ofSeconds(5)).until(() -> exports.get() > exportsBefore);
      await().atMost(Duration.ofSeconds(5)).until(() -> status().get(trust).fetches() > trustFetches);

      // Into the last third of the certificate's year: fetched again, now for renewal.
      int exportsAtRefresh = exports.get();
      SecretKey certificate = new SecretKey(certificateArn, SecretKey.Source.ACM_CERTIFICATE);
      Instant notAfter = status().get(certificate).notAfter().orElseThrow();
      clock.add(Duration.between(clock.instant(), notAfter.minus(Duration.ofDays(30))));
      await().atMost(Duration.ofSeconds(5)).until(() -> exports.get() > exportsAtRefresh);

      // What this proves: the manager fetched again when renewal was due. moto cannot renew a
      // private certificate under the same ARN (a re-import makes it unexportable), so the content
      // is unchanged here and the proxy must get no new version; a changed secret reaching the proxy
      // is shown with PEM files (PemSdsTest).
      assertThat(envoy.nextWithin(Duration.ofMillis(500))).isEmpty();
    }
  }

  @Test
  void whenAcmIsUnreachableTheProxyKeepsItsSecretsAndGetsNoNewVersion() throws Exception {
    try (AdsTestClient envoy = new AdsTestClient(management.xdsPort(), AdsTestClient.node(WEB, "envoy"))) {
      Set<String> names = sdsNames(envoy);
      DiscoveryResponse sds = envoy.secrets(names);

      moto.stop();
      motoStopped = true;
      clock.add(Duration.ofHours(2));
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(status().values())
          .hasSize(2)
          .allSatisfy(s -> {
            assertThat(s.failures()).isPositive();
            assertThat(s.served()).isTrue();
          }));
      assertThat(envoy.nextWithin(Duration.ofMillis(500))).isEmpty();

      // A reconnecting proxy is served the same secrets.
      try (AdsTestClient again = new AdsTestClient(management.xdsPort(), AdsTestClient.node(WEB, "envoy"))) {
        sdsNames(again);
        assertThat(again.secrets(names).getVersionInfo()).isEqualTo(sds.getVersionInfo());
      }
    }
  }

  @Test
  void aSecretThatCannotBeFetchedIsNotServedEmpty() throws Exception {
    try (AdsTestClient envoy = new AdsTestClient(management.xdsPort(), AdsTestClient.node(ORPHAN, "envoy"))) {
      assertThat(sdsNames(envoy)).containsExactly(MISSING_ARN);
      SecretKey missing = new SecretKey(MISSING_ARN, SecretKey.Source.ACM_CERTIFICATE);
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        CertificateManager.SecretStatus status = status().get(missing);
        assertThat(status.failures()).isPositive();
        assertThat(status.served()).isFalse();
      });

      envoy.request(SECRET_TYPE_URL, List.of(MISSING_ARN), "", "");
      // Either no answer (Envoy keeps warming the listener) or one without the secret; never an empty one.
      envoy.nextWithin(Duration.ofSeconds(1)).ifPresent(response ->
          assertThat(StoredProxyConfigCodec.unpack(response.getResourcesList(), Secret.class))
              .extracting(Secret::getName).doesNotContain(MISSING_ARN));
    }
  }

  /** Subscribes to listeners and clusters and returns the SDS names they reference. */
  private static Set<String> sdsNames(AdsTestClient envoy) throws InterruptedException {
    envoy.request(CLUSTER_TYPE_URL, List.of(), "", "");
    DiscoveryResponse cds = envoy.next(CLUSTER_TYPE_URL);
    envoy.ack(cds, List.of());
    envoy.request(LISTENER_TYPE_URL, List.of(), "", "");
    DiscoveryResponse lds = envoy.next(LISTENER_TYPE_URL);
    envoy.ack(lds, List.of());
    return SdsReferences.all(StoredProxyConfigCodec.unpack(lds.getResourcesList(), Listener.class),
        StoredProxyConfigCodec.unpack(cds.getResourcesList(), Cluster.class));
  }

  private static List<Secret> secrets(AdsTestClient envoy, Set<String> names) throws InterruptedException {
    return StoredProxyConfigCodec.unpack(envoy.secrets(names).getResourcesList(), Secret.class);
  }

  private Map<SecretKey, CertificateManager.SecretStatus> status() throws Exception {
    return AskPattern.<CertificateManager.Command, Map<SecretKey, CertificateManager.SecretStatus>>ask(
            management.certificates(), CertificateManager.GetStatus::new, Duration.ofSeconds(5),
            management.actorSystem().scheduler())
        .toCompletableFuture().get();
  }
}
