package dev.meshplane.configstore.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.configstore.MotoServer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

/** Leases through the real AWS SDK against moto_server, with a clock the test moves. */
class DynamoDbBucketLeasesTest {

  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final int BUCKETS = 8;
  private static final AtomicInteger TABLES = new AtomicInteger();

  private static MotoServer moto;

  private final MutableClock clock = MutableClock.of(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
  private DynamoDbBucketLeases leases;

  @BeforeAll
  static void startMoto() {
    moto = MotoServer.start();
  }

  @AfterAll
  static void stopMoto() {
    if (moto != null) {
      moto.close();
    }
  }

  @BeforeEach
  void openLeases() {
    leases = DynamoDbBucketLeases.open(moto.dynamoDbClient(), "leases-" + TABLES.incrementAndGet(), clock);
  }

  @Test
  void aLoneWorkerAcquiresEveryFreeBucket() {
    assertThat(leases.acquireOrRenew("a", BUCKETS, BUCKETS, LEASE)).isEqualTo(all(BUCKETS));
  }

  @Test
  void renewingKeepsTheBucketsAndPushesExpiryBack() {
    leases.acquireOrRenew("a", BUCKETS, BUCKETS, LEASE);
    clock.add(Duration.ofSeconds(20));

    assertThat(leases.acquireOrRenew("a", BUCKETS, BUCKETS, LEASE)).isEqualTo(all(BUCKETS));

    // 40 s after the first take but only 20 s after the renewal: still a's.
    clock.add(Duration.ofSeconds(20));
    assertThat(leases.acquireOrRenew("b", BUCKETS, BUCKETS, LEASE)).isEmpty();
  }

  @Test
  void anotherWorkerCannotTakeAnUnexpiredLease() {
    leases.acquireOrRenew("a", BUCKETS, BUCKETS, LEASE);
    clock.add(LEASE.minusSeconds(1));

    assertThat(leases.acquireOrRenew("b", BUCKETS, BUCKETS, LEASE)).isEmpty();
  }

  @Test
  void anotherWorkerTakesOverOnceTheHolderStopsRenewing() {
    leases.acquireOrRenew("a", BUCKETS, BUCKETS, LEASE);
    clock.add(LEASE.plusSeconds(1));

    assertThat(leases.acquireOrRenew("b", BUCKETS, BUCKETS, LEASE)).isEqualTo(all(BUCKETS));
    assertThat(leases.acquireOrRenew("a", BUCKETS, BUCKETS, LEASE)).isEmpty();
  }

  @Test
  void releasedBucketsAreFreeAtOnce() {
    Set<Integer> held = leases.acquireOrRenew("a", BUCKETS, BUCKETS, LEASE);

    leases.release("a", held);

    assertThat(leases.acquireOrRenew("b", BUCKETS, BUCKETS, LEASE)).isEqualTo(all(BUCKETS));
  }

  @Test
  void releasingABucketTakenOverSinceLeavesTheNewHolderAlone() {
    Set<Integer> held = leases.acquireOrRenew("a", BUCKETS, BUCKETS, LEASE);
    clock.add(LEASE.plusSeconds(1));
    leases.acquireOrRenew("b", BUCKETS, BUCKETS, LEASE);

    leases.release("a", held);

    assertThat(leases.acquireOrRenew("c", BUCKETS, BUCKETS, LEASE)).isEmpty();
  }

  @Test
  void aWorkerNeverHoldsMoreThanMaxBuckets() {
    assertThat(leases.acquireOrRenew("a", BUCKETS, 3, LEASE)).hasSize(3);
    assertThat(leases.acquireOrRenew("a", BUCKETS, 3, LEASE)).hasSize(3);
  }

  @Test
  void loweringMaxBucketsGivesTheSurplusBackAtOnce() {
    leases.acquireOrRenew("a", BUCKETS, BUCKETS, LEASE);

    Set<Integer> kept = leases.acquireOrRenew("a", BUCKETS, 2, LEASE);

    assertThat(kept).hasSize(2);
    assertThat(leases.acquireOrRenew("b", BUCKETS, BUCKETS, LEASE))
        .hasSize(BUCKETS - 2)
        .doesNotContainAnyElementsOf(kept);
  }

  @Test
  void twoWorkersSplitSixtyFourBucketsThirtyTwoEach() {
    Set<Integer> a = leases.acquireOrRenew("worker-a", 64, 32, LEASE);
    Set<Integer> b = leases.acquireOrRenew("worker-b", 64, 32, LEASE);

    assertThat(a).hasSize(32);
    assertThat(b).hasSize(32).doesNotContainAnyElementsOf(a);
    Set<Integer> union = new HashSet<>(a);
    union.addAll(b);
    assertThat(union).isEqualTo(all(64));

    // The next round renews the same split.
    clock.add(Duration.ofSeconds(10));
    assertThat(leases.acquireOrRenew("worker-a", 64, 32, LEASE)).isEqualTo(a);
    assertThat(leases.acquireOrRenew("worker-b", 64, 32, LEASE)).isEqualTo(b);
  }

  private static Set<Integer> all(int bucketCount) {
    return IntStream.range(0, bucketCount).boxed().collect(Collectors.toSet());
  }
}
