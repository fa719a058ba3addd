package dev.meshplane.envoy.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

/**
 * The shared DNS resolver. The lookup function is replaced by one the test controls: no DNS
 * server can be controlled here (this is the one stand-in, for the operating system's resolver).
 */
class DnsResolverTest {
  private static final DnsResolver.Settings SETTINGS = new DnsResolver.Settings(
      Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(10));

  /** Time moved by the test, so TTLs and backoffs need no sleeping. */
  private final MutableClock clock = MutableClock.of(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final AtomicInteger lookups = new AtomicInteger();
  /** What the stand-in resolver answers: addresses, or null for "unknown host". */
  private final AtomicReference<String> answer = new AtomicReference<>("10.0.0.1");

  @Test
  void manyProxiesAskingAtOnceMakeOneLookupAndTheAnswerIsCachedForTheTtl() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    SharedDnsLookup dns = start((hostname) -> {
      lookups.incrementAndGet();
      release.await(5, TimeUnit.SECONDS);
      return current(hostname);
    });
    int proxies = 20;
    List<Thread> builderThreads = new CopyOnWriteArrayList<>();
    ExecutorService builders = Executors.newFixedThreadPool(proxies, runnable -> {
      Thread thread = new Thread(runnable);
      builderThreads.add(thread);
      return thread;
    });
    try {
      List<Future<InetAddress[]>> answers = new ArrayList<>();
      for (int i = 0; i < proxies; i++) {
        answers.add(builders.submit(() -> dns.lookup("backend.local")));
      }
      // Every builder waits on the one lookup held in flight.
      await().atMost(Duration.ofSeconds(5)).until(() -> builderThreads.size() == proxies
          && builderThreads.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING));
      assertThat(lookups).hasValue(1);
      release.countDown();
      for (Future<InetAddress[]> future : answers) {
        assertThat(future.get(5, TimeUnit.SECONDS)).extracting(InetAddress::getHostAddress).containsExactly("10.0.0.1");
      }
    } finally {
      builders.shutdownNow();
    }
    assertThat(lookups).as("lookups for %d proxies asking at once", proxies).hasValue(1);

    answer.set("10.0.0.2");
    clock.add(Duration.ofSeconds(4));
    assertThat(dns.lookup("backend.local")[0].getHostAddress()).as("within the TTL").isEqualTo("10.0.0.1");
    assertThat(lookups).hasValue(1);
    clock.add(Duration.ofSeconds(2));
    assertThat(dns.lookup("backend.local")[0].getHostAddress()).as("after the TTL").isEqualTo("10.0.0.2");
    assertThat(lookups).hasValue(2);
    dns.close();
  }

  @Test
  void aFailedLookupKeepsTheLastGoodAnswerAndRetriesWithBackoff() throws Exception {
    SharedDnsLookup dns = start(this::counted);
    assertThat(dns.lookup("backend.local")[0].getHostAddress()).isEqualTo("10.0.0.1");

    answer.set(null);
    clock.add(Duration.ofSeconds(6));
    assertThat(dns.lookup("backend.local")[0].getHostAddress()).as("failed: last good").isEqualTo("10.0.0.1");
    assertThat(lookups).hasValue(2);
    assertThat(dns.lookup("backend.local")[0].getHostAddress()).as("backing off: no lookup").isEqualTo("10.0.0.1");
    assertThat(lookups).hasValue(2);

    clock.add(Duration.ofMillis(1100));
    dns.lookup("backend.local");
    assertThat(lookups).as("retried after the first backoff (1 s)").hasValue(3);
    clock.add(Duration.ofMillis(1100));
    dns.lookup("backend.local");
    assertThat(lookups).as("the second backoff is 2 s").hasValue(3);
    clock.add(Duration.ofSeconds(1));

    answer.set("10.0.0.3");
    assertThat(dns.lookup("backend.local")[0].getHostAddress()).as("recovered").isEqualTo("10.0.0.3");
    assertThat(lookups).hasValue(4);
    dns.close();
  }

  @Test
  void aNameNeverResolvedHasNoAnswer() {
    answer.set(null);
    SharedDnsLookup dns = start(this::counted);
    assertThatThrownBy(() -> dns.lookup("nowhere.local"))
        .isInstanceOf(UnknownHostException.class).hasMessageContaining("never resolved");
    dns.close();
  }

  @Test
  void aNameNobodyAsksForIsForgottenAfterTheIdleExpiryAndOneAskedForIsKept() throws Exception {
    // A TTL of an hour: any second lookup below is the idle expiry at work, not a refresh. Idleness
    // is measured on the test's clock: no sleeping.
    DnsResolver.Settings settings = new DnsResolver.Settings(
        Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMillis(200));
    java.util.Map<String, AtomicInteger> perName = new java.util.concurrent.ConcurrentHashMap<>();
    ExecutorService blocking = Executors.newSingleThreadExecutor();
    try {
      DnsResolver resolver = new DnsResolver(hostname -> {
        perName.computeIfAbsent(hostname, name -> new AtomicInteger()).incrementAndGet();
        return current(hostname);
      }, blocking, settings, clock);
      assertThat(resolver.resolve("idle.local").get(5, TimeUnit.SECONDS)).isPresent();
      assertThat(resolver.resolve("busy.local").get(5, TimeUnit.SECONDS)).isPresent();

      for (int i = 0; i < 4; i++) {
        clock.add(Duration.ofMillis(150));
        assertThat(resolver.resolve("busy.local").get(5, TimeUnit.SECONDS)).isPresent();
      }

      assertThat(resolver.resolve("busy.local").get(5, TimeUnit.SECONDS)).isPresent();
      assertThat(perName.get("busy.local")).as("asked every 150 ms: kept, answered from the cache").hasValue(1);
      assertThat(resolver.resolve("idle.local").get(5, TimeUnit.SECONDS)).isPresent();
      assertThat(perName.get("idle.local")).as("idle for 600 ms: forgotten, looked up afresh").hasValue(2);
    } finally {
      blocking.shutdownNow();
    }
  }

  private SharedDnsLookup start(BlockingLookup lookup) {
    SharedDnsLookup dns = new SharedDnsLookup(hostname -> {
      try {
        return lookup.lookup(hostname);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UnknownHostException(hostname + ": interrupted");
      }
    }, SETTINGS, Duration.ofSeconds(5));
    dns.start(clock);
    return dns;
  }

  private InetAddress[] counted(String hostname) throws UnknownHostException {
    lookups.incrementAndGet();
    return current(hostname);
  }

  private InetAddress[] current(String hostname) throws UnknownHostException {
    String address = answer.get();
    if (address == null) {
      throw new UnknownHostException(hostname);
    }
    return new InetAddress[] {InetAddress.getByName(address)};
  }

  @FunctionalInterface
  private interface BlockingLookup {
    InetAddress[] lookup(String hostname) throws UnknownHostException, InterruptedException;
  }
}
