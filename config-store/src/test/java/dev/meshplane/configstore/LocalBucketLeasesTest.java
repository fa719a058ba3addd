package dev.meshplane.configstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalBucketLeasesTest {

  @Test
  void theLocalWorkerOwnsEveryBucket() {
    try (BucketLeases leases = new LocalBucketLeases()) {
      assertThat(leases.acquireOrRenew("local", 64, 1, Duration.ofSeconds(30)))
          .hasSize(64)
          .contains(0, 63);
    }
  }
}
