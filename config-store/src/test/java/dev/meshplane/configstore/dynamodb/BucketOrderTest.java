package dev.meshplane.configstore.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BucketOrderTest {

  @Test
  void everyBucketComesExactlyOnce() {
    int[] order = BucketOrder.startingFrom("worker-7", 64);

    assertThat(order).hasSize(64);
    assertThat(Arrays.stream(order).boxed().collect(Collectors.toSet()))
        .isEqualTo(IntStream.range(0, 64).boxed().collect(Collectors.toSet()));
  }

  @Test
  void similarWorkerIdsStartAtDifferentBuckets() {
    Set<Integer> starts = IntStream.range(0, 8)
        .mapToObj(i -> BucketOrder.startingFrom("worker-" + i, 64)[0])
        .collect(Collectors.toSet());

    assertThat(starts).hasSizeGreaterThan(4);
  }
}
