package dev.meshplane.transformer.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import org.junit.jupiter.api.Test;

class LastPassCacheTest {

  @Test
  void keepsWhatTheLastFullPassUsedAndDropsTheRest() {
    LastPassCache<String, String> cache = new LastPassCache<>(HashMap::new);
    cache.put("used", "a");
    cache.put("unused", "b");
    cache.startFullPass();
    assertThat(cache.get("used")).isEqualTo("a");
    cache.put("added", "c");
    // Between full passes nothing is dropped.
    assertThat(cache.size()).isEqualTo(3);
    cache.startFullPass();
    assertThat(cache.get("unused")).as("not used by the last full pass").isNull();
    assertThat(cache.get("used")).isEqualTo("a");
    assertThat(cache.get("added")).isEqualTo("c");
    cache.startFullPass();
    cache.startFullPass();
    assertThat(cache.size()).as("a full pass that used nothing leaves nothing").isZero();
  }
}
