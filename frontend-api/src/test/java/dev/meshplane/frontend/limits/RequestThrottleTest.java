package dev.meshplane.frontend.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshplane.frontend.api.ApiException;
import dev.meshplane.frontend.api.ErrorType;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The throttle on a clock the test moves by hand (Bucket4j and Caffeine both read it). */
class RequestThrottleTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final ThrottleSettings settings =
      new ThrottleSettings(
          true,
          Map.of(
              OperationClass.READ, new ThrottleSettings.Rate(5, 10),
              OperationClass.WRITE, new ThrottleSettings.Rate(2, 3)));
  private final RequestThrottle throttle = new RequestThrottle(settings, nanos::get);

  private void advanceMillis(long millis) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  private int admitted(String principal, String operation, int attempts) {
    int admitted = 0;
    for (int i = 0; i < attempts; i++) {
      try {
        throttle.admit(principal, operation);
        admitted++;
      } catch (ApiException e) {
        assertThat(e.type()).isEqualTo(ErrorType.TooManyRequestsException);
      }
    }
    return admitted;
  }

  @Test
  void aBurstPastTheBucketIsRefusedAndRefillsAtTheRate() {
    assertThat(admitted("alice", "CreateMesh", 5)).isEqualTo(3);
    advanceMillis(499);
    assertThat(admitted("alice", "UpdateMesh", 1)).isZero();
    advanceMillis(1); // 2 per second: one token after 500 ms
    assertThat(admitted("alice", "DeleteMesh", 2)).isEqualTo(1);
    advanceMillis(10_000); // never more than the burst saved up
    assertThat(admitted("alice", "TagResource", 10)).isEqualTo(3);
  }

  @Test
  void theRefusalNamesPrincipalClassAndLimit() {
    admitted("alice", "CreateVirtualNode", 3);
    assertThatThrownBy(() -> throttle.admit("alice", "CreateVirtualNode"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.TooManyRequestsException))
        .hasMessage(
            "Rate exceeded for principal alice: CreateVirtualNode is a write operation, limited to 2 per second with"
                + " bursts of 3 (meshplane.throttle.write.rate / .burst); retry in 0.500 s");
  }

  @Test
  void principalsAndClassesHaveBucketsOfTheirOwn() {
    assertThat(admitted("alice", "CreateMesh", 4)).isEqualTo(3);
    assertThat(admitted("bob", "CreateMesh", 4)).isEqualTo(3);
    assertThat(admitted("alice", "DescribeMesh", 12)).isEqualTo(10);
    assertThat(admitted("alice", "ListMeshes", 1)).isZero();
    assertThat(throttle.heldBuckets()).isEqualTo(3);
  }

  @Test
  void idleBucketsAreDroppedOnceTheyWouldBeFullAnyway() {
    for (int i = 0; i < 100; i++) {
      throttle.admit("principal-" + i, "DescribeMesh");
    }
    assertThat(throttle.heldBuckets()).isEqualTo(100);
    advanceMillis(2_000); // reads refill 10 tokens in 2 s, the longest; held for a second more
    throttle.admit("active", "DescribeMesh");
    assertThat(throttle.heldBuckets()).isEqualTo(101);
    advanceMillis(1_001);
    assertThat(throttle.heldBuckets()).isEqualTo(1);
    // a dropped bucket comes back full, as it would have been
    assertThat(admitted("principal-0", "DescribeMesh", 11)).isEqualTo(10);
  }

  @Test
  void disabledThrottlingAdmitsEverything() {
    RequestThrottle off = new RequestThrottle(new ThrottleSettings(false, settings.rates()), nanos::get);
    for (int i = 0; i < 1000; i++) {
      off.admit("alice", "CreateMesh");
    }
    assertThat(off.heldBuckets()).isZero();
  }

  @Test
  void settingsOverrideTheDefaultsAndNameABadKey() {
    Map<String, String> given = Map.of("meshplane.throttle.write.rate", "3", "meshplane.throttle.read.burst", "7");
    ThrottleSettings read = ThrottleSettings.from(key -> Optional.ofNullable(given.get(key)));
    assertThat(read.enabled()).isTrue();
    assertThat(read.rates())
        .containsEntry(OperationClass.WRITE, new ThrottleSettings.Rate(3, 20))
        .containsEntry(OperationClass.READ, new ThrottleSettings.Rate(50, 7));
    assertThatThrownBy(() -> ThrottleSettings.from(key -> key.endsWith("read.rate") ? Optional.of("fast") : Optional.empty()))
        .hasMessage("meshplane.throttle.read.rate must be a whole number, got \"fast\"");
    assertThatThrownBy(() -> ThrottleSettings.from(key -> key.endsWith("write.burst") ? Optional.of("0") : Optional.empty()))
        .hasMessageStartingWith("meshplane.throttle.write.rate / .burst: throttle rates and bursts must be at least 1");
  }

  @Test
  void describeAndListAreReadsEverythingElseWrites() {
    assertThat(OperationClass.of("DescribeVirtualNode")).isEqualTo(OperationClass.READ);
    assertThat(OperationClass.of("ListTagsForResource")).isEqualTo(OperationClass.READ);
    assertThat(OperationClass.of("CreateRoute")).isEqualTo(OperationClass.WRITE);
    assertThat(OperationClass.of("UntagResource")).isEqualTo(OperationClass.WRITE);
  }
}
