package dev.meshplane.envoy.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshplane.envoy.security.TestCertificates;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threeten.extra.MutableClock;

/**
 * The manager's sharing, change announcements, renewal ahead of expiry, backoff and forgetting,
 * over real PEM files and a scripted ACM-like source. Time is the test's: the clock that decides
 * what is due, and Pekko's manual scheduler that fires the due checks.
 */
class CertificateManagerTest {
  private static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config());
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final Duration CHECK = Duration.ofSeconds(5);
  private static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
  private static final SecretKey BUNDLE = new SecretKey("spiffe://example.org", SecretKey.Source.SDS);
  private static final SecretKey MISSING = new SecretKey("spiffe://nowhere.example", SecretKey.Source.SDS);
  private static final SecretKey ACM = new SecretKey("arn:aws:acm:us-west-2:111122223333:certificate/web",
      SecretKey.Source.ACM_CERTIFICATE);
  private static final CertificateManager.Settings SETTINGS = new CertificateManager.Settings(Duration.ofHours(1),
      Duration.ofDays(1), Duration.ofSeconds(10), CHECK, MIN_BACKOFF, Duration.ofSeconds(8));

  @TempDir Path secretsDir;
  @TempDir Path scratch;
  private final MutableClock clock = MutableClock.of(Instant.now(), ZoneOffset.UTC);
  private final ConcurrentMap<SecretKey, Secret> published = new ConcurrentHashMap<>();
  private final AtomicInteger fetches = new AtomicInteger();
  /** What the ACM-like source issues now; empty: it fails. */
  private final AtomicReference<Optional<FetchedSecret>> acmIssues = new AtomicReference<>(Optional.empty());
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
    SecretSource acm = name -> {
      fetches.incrementAndGet();
      return acmIssues.get().orElseThrow(() -> new IllegalStateException("ACM unreachable"));
    };
    manager = testKit.spawn(CertificateManager.create(
        Map.of(SecretKey.Source.SDS, counting, SecretKey.Source.ACM_CERTIFICATE, acm), published, SETTINGS,
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
    passes(Duration.ofSeconds(10));
    assertThat(awaitStatus(BUNDLE, s -> s.fetches() == 2).served()).isTrue();
    assertThat(fetches.get()).isEqualTo(2);
    manualTime.expectNoMessageFor(Duration.ZERO, a, b);

    // Changed on disk: announced to both.
    String before = published.get(BUNDLE).getValidationContext().getTrustedCa().getInlineString();
    writeBundle("second-ca");
    passes(Duration.ofSeconds(10));
    a.expectMessage(new CertificateManager.SecretChanged(BUNDLE));
    b.expectMessage(new CertificateManager.SecretChanged(BUNDLE));
    assertThat(published.get(BUNDLE).getValidationContext().getTrustedCa().getInlineString()).isNotEqualTo(before);
  }

  @Test
  void aSecretThatCannotBeFetchedIsNeverPublishedAndIsRetriedWithGrowingBackoff() {
    TestProbe<CertificateManager.SecretChanged> a = testKit.createTestProbe();
    manager.tell(new CertificateManager.Subscribe(a.ref(), Set.of(MISSING)));

    CertificateManager.SecretStatus first = awaitFailures(MISSING, 1);
    assertThat(first.served()).isFalse();
    assertThat(first.lastError()).get().asString().contains("no directory for SDS secret");
    assertThat(first.nextFetch()).isEqualTo(clock.instant().plus(MIN_BACKOFF));

    passes(MIN_BACKOFF);
    assertThat(awaitFailures(MISSING, 2).nextFetch()).isEqualTo(clock.instant().plus(MIN_BACKOFF.multipliedBy(2)));
    passes(MIN_BACKOFF);
    assertThat(fetches.get()).as("within the backoff").isEqualTo(2);
    passes(MIN_BACKOFF);
    assertThat(awaitFailures(MISSING, 3).nextFetch()).isEqualTo(clock.instant().plus(MIN_BACKOFF.multipliedBy(4)));

    assertThat(published).doesNotContainKey(MISSING);
    manualTime.expectNoMessageFor(Duration.ZERO, a);
  }

  @Test
  void aCertificateIsRenewedBeforeItExpiresAndTheLastGoodOneKeptWhileTheSourceFails() {
    // Valid for 30 days: renewed when a third of its lifetime is left (more than the one-day setting), at day 20.
    Instant issuedAt = clock.instant();
    acmIssues.set(Optional.of(certificate("first", issuedAt, Duration.ofDays(30))));
    TestProbe<CertificateManager.SecretChanged> a = testKit.createTestProbe();
    manager.tell(new CertificateManager.Subscribe(a.ref(), Set.of(ACM)));
    a.expectMessage(new CertificateManager.SecretChanged(ACM));
    Instant renewAt = issuedAt.plus(Duration.ofDays(20));
    // Fetched again every refresh interval until then (same content: nobody hears of it) ...
    assertThat(awaitStatus(ACM, s -> s.fetches() == 1).nextFetch()).isEqualTo(issuedAt.plus(Duration.ofHours(1)));
    passes(Duration.between(clock.instant(), renewAt.minus(Duration.ofMinutes(30))));
    // ... but the last refresh before renewal is due is cut short to renewal time.
    assertThat(status().get(ACM).fetches()).isEqualTo(2);
    assertThat(status().get(ACM).nextFetch()).isEqualTo(renewAt);
    manualTime.expectNoMessageFor(Duration.ZERO, a);

    // The source fails when renewal is due: the first certificate stays published, retried with backoff.
    acmIssues.set(Optional.empty());
    passes(Duration.ofMinutes(30));
    CertificateManager.SecretStatus failing = awaitFailures(ACM, 1);
    assertThat(failing.served()).isTrue();
    assertThat(failing.nextFetch()).isEqualTo(clock.instant().plus(MIN_BACKOFF));
    assertThat(published.get(ACM).getName()).isEqualTo("first");

    // The renewed certificate arrives and reaches the subscriber, well before the first expires.
    FetchedSecret renewed = certificate("second", clock.instant(), Duration.ofDays(30));
    acmIssues.set(Optional.of(renewed));
    passes(MIN_BACKOFF);
    a.expectMessage(new CertificateManager.SecretChanged(ACM));
    assertThat(published.get(ACM).getName()).isEqualTo("second");
    assertThat(clock.instant()).isBefore(issuedAt.plus(Duration.ofDays(30)));
    assertThat(awaitStatus(ACM, s -> s.failures() == 0).notAfter()).contains(renewed.notAfter());
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

  /**
   * Moves the clock by {@code duration}, fires one due check (a check every 5 s of a long jump
   * would do nothing more) and returns once the manager has handled it and the fetch it started:
   * the first status answer comes after the check (fetches run on the calling thread here), the
   * second after the fetch's outcome, so what the manager announces is told by then.
   */
  private void passes(Duration duration) {
    clock.add(duration);
    manualTime.timePasses(CHECK);
    status();
    status();
  }

  private CertificateManager.SecretStatus awaitFailures(SecretKey key, int failures) {
    return awaitStatus(key, s -> s.failures() == failures);
  }

  private CertificateManager.SecretStatus awaitStatus(SecretKey key, Predicate<CertificateManager.SecretStatus> test) {
    return await().atMost(Duration.ofSeconds(5)).until(() -> status().get(key), s -> s != null && test.test(s));
  }

  private static FetchedSecret certificate(String name, Instant notBefore, Duration lifetime) {
    return new FetchedSecret(Secret.newBuilder().setName(name).build(), notBefore, notBefore.plus(lifetime));
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
