package dev.meshplane.auth.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The digest and Mac a thread keeps give what fresh ones give, whatever was hashed before. */
class HashingTest {
  private static byte[] freshHmac(byte[] key, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void sha256OfKnownInputsOneAfterTheOther() {
    assertThat(Hashing.sha256Hex(new byte[0]))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(Hashing.sha256Hex("abc".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Hashing.sha256Hex(new byte[0]))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void hmacWithAnotherKeyOnTheSameThreadUsesThatKey() throws Exception {
    byte[] first = "AWS4secret-one".getBytes(StandardCharsets.UTF_8);
    byte[] second = "AWS4secret-two".getBytes(StandardCharsets.UTF_8);
    assertThat(Hashing.hmac(first, "20261202")).isEqualTo(freshHmac(first, "20261202"));
    assertThat(Hashing.hmac(second, "20261202")).isEqualTo(freshHmac(second, "20261202"));
    assertThat(Hashing.hmac(first, "20261203")).isEqualTo(freshHmac(first, "20261203"));
    assertThat(HexFormat.of().formatHex(Hashing.hmac(first, "20261202")))
        .isNotEqualTo(HexFormat.of().formatHex(Hashing.hmac(second, "20261202")));
  }

  @Test
  void threadsHashingAtOnceGetTheirOwnResults() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CompletableFuture<?>[] runs = new CompletableFuture<?>[8];
      for (int t = 0; t < runs.length; t++) {
        byte[] key = ("AWS4key-" + t).getBytes(StandardCharsets.UTF_8);
        runs[t] = CompletableFuture.runAsync(() -> {
          for (int i = 0; i < 500; i++) {
            String data = "request-" + i;
            try {
              assertThat(Hashing.hmac(key, data)).isEqualTo(freshHmac(key, data));
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        }, pool);
      }
      CompletableFuture.allOf(runs).join();
    } finally {
      pool.shutdownNow();
    }
  }
}
