package dev.meshplane.envoy.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshplane.configstore.TestClock;
import dev.meshplane.envoy.security.TestCertificates;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manager's sharing, change announcements, backoff and forgetting, over real PEM files. */
class CertificateManagerTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
  private static final SecretKey BUNDLE = new SecretKey("spiffe://example.org", SecretKey.Source.SDS);
  private static final SecretKey MISSING = new SecretKey("spiffe://nowhere.example", SecretKey.Source.SDS);

  @TempDir Path secretsDir;
  @TempDir Path scratch;
  private final TestClock clock = new TestClock(Instant.now());
  private final ConcurrentMap<SecretKey, Secret> published = new ConcurrentHashMap<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private ActorRef<CertificateManager.Command> manager;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void start() throws Exception {
    writeBundle("first-ca");
    PemDirectorySource files = new PemDirectorySource(secretsDir);
    SecretSource counting = name -> {
      fetches.incrementAndGet();
      return files.fetch(name);
    };
    manager = testKit.spawn(CertificateManager.create(Map.of(SecretKey.Source.SDS, counting), published,
        new CertificateManager.Settings(Duration.ofHours(1), Duration.ofDays(1), Duration.ofSeconds(10),
            Duration.ofMillis(20), MIN_BACKOFF, Duration.ofSeconds(8)),
        Runnable::run, clock));
  }

  @Test
  void oneFetchServesEverySubscriberAndOnlyAChangeIsAnnounced() throws Exception {
    TestProbe<CertificateManager.SecretChanged> a = testKit.createTestProbe();
    TestProbe<CertificateManager.SecretChanged> b = testKit.createTestProbe();
    manager.tell(new CertificateManager.Subscribe(a.ref(), Set.of(BUNDLE)));
    manager.tell(new CertificateManager.Subscribe(b.ref(), Set.of(BUNDLE)));

    a.expectMessage(new CertificateManager.SecretChanged(BUNDLE));
    b.expectMessage(new CertificateManager.SecretChanged(BUNDLE));
    assertThat(fetches.get()).isEqualTo(1);
    assertThat(published.get(BUNDLE).getValidationContext().getTrustedCa().getInlineString()).contains("CERTIFICATE");

    // Read again after the file refresh interval, unchanged: nobody hears of it.
    clock.advance(Duration.ofSeconds(11));
    await().atMost(Duration.ofSeconds(5)).until(() -> fetches.get() == 2);
    a.expectNoMessage(Duration.ofMillis(200));

    // Changed on disk: announced to both.
    String before = published.get(BUNDLE).getValidationContext().getTrustedCa().getInlineString();
    writeBundle("second-ca");
    clock.advance(Duration.ofSeconds(11));
    a.expectMessage(new CertificateManager.SecretChanged(BUNDLE));
    b.expectMessage(new CertificateManager.SecretChanged(BUNDLE));
    assertThat(published.get(BUNDLE).getValidationContext().getTrustedCa().getInlineString()).isNotEqualTo(before);
  }

  @Test
  void aSecretThatCannotBeFetchedIsNeverPublishedAndIsRetriedWithGrowingBackoff() {
    TestProbe<CertificateManager.SecretChanged> a = testKit.createTestProbe();
    manager.tell(new CertificateManager.Subscribe(a.ref(), Set.of(MISSING)));

    CertificateManager.SecretStatus first = awaitFailures(1);
    assertThat(first.served()).isFalse();
    assertThat(first.lastError()).get().asString().contains("no directory for SDS secret");
    assertThat(first.nextFetch()).isEqualTo(clock.instant().plus(MIN_BACKOFF));

    clock.advance(MIN_BACKOFF);
    assertThat(awaitFailures(2).nextFetch()).isEqualTo(clock.instant().plus(MIN_BACKOFF.multipliedBy(2)));
    clock.advance(MIN_BACKOFF.multipliedBy(2));
    assertThat(awaitFailures(3).nextFetch()).isEqualTo(clock.instant().plus(MIN_BACKOFF.multipliedBy(4)));

    assertThat(published).doesNotContainKey(MISSING);
    a.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aSecretNoSubscriberWantsIsForgotten() {
    TestProbe<CertificateManager.SecretChanged> a = testKit.createTestProbe();
    manager.tell(new CertificateManager.Subscribe(a.ref(), Set.of(BUNDLE)));
    a.expectMessage(new CertificateManager.SecretChanged(BUNDLE));

    manager.tell(new CertificateManager.Unsubscribe(a.ref()));
    await().atMost(Duration.ofSeconds(5)).until(() -> status().isEmpty());
    assertThat(published).isEmpty();
  }

  private CertificateManager.SecretStatus awaitFailures(int failures) {
    return await().atMost(Duration.ofSeconds(5))
        .until(() -> status().get(MISSING), s -> s != null && s.failures() == failures);
  }

  private Map<SecretKey, CertificateManager.SecretStatus> status() {
    TestProbe<Map<SecretKey, CertificateManager.SecretStatus>> probe = testKit.createTestProbe();
    manager.tell(new CertificateManager.GetStatus(probe.ref()));
    return probe.receiveMessage();
  }

  private void writeBundle(String caName) throws Exception {
    Path dir = Files.createDirectories(secretsDir.resolve(PemDirectorySource.directoryName(BUNDLE.name())));
    Files.copy(TestCertificates.authority(scratch, caName).certificateFile(), dir.resolve("ca.crt"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
