package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.store.JournaledStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.appmesh.AppMeshClient;
import software.amazon.awssdk.services.appmesh.model.NotFoundException;
import software.amazon.awssdk.services.appmesh.model.TooManyRequestsException;

/**
 * The write throttle through the real AWS SDK (retries off, so each 429 is seen): a parallel
 * burst past the bucket gets {@code TooManyRequestsException} for the excess, only the admitted
 * requests reach the journal, reads keep their own bucket, and after the refill writes pass again.
 */
class ThrottlingTest {
  private static final int WRITE_RATE = 2;
  private static final int WRITE_BURST = 5;
  private static final int BURST = 12;

  @TempDir Path dataDir;

  @Test
  void aBurstPastTheBucketIsRefusedAndNothingRefusedIsStored() throws Exception {
    Map<String, Object> limits = Map.of(
        "meshplane.throttle.enabled", true,
        "meshplane.throttle.write.rate", WRITE_RATE,
        "meshplane.throttle.write.burst", WRITE_BURST);
    try (RunningServer server = RunningServer.onSqlite(dataDir, limits); AppMeshClient appMesh = server.client()) {
      JournaledStore store = server.bean(JournaledStore.class);
      long headBefore = store.journalAfter(0, 1000).size();

      List<String> created = new ArrayList<>();
      List<TooManyRequestsException> refused = new ArrayList<>();
      long started = System.nanoTime();
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService callers = Executors.newFixedThreadPool(BURST);
      try {
        List<Future<Object>> calls = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
          String name = "burst-" + i;
          calls.add(callers.submit(() -> {
            go.await();
            try {
              appMesh.createMesh(r -> r.meshName(name));
              return name;
            } catch (TooManyRequestsException e) {
              return e;
            }
          }));
        }
        go.countDown();
        for (Future<Object> call : calls) {
          Object answer = call.get(30, TimeUnit.SECONDS);
          if (answer instanceof TooManyRequestsException e) {
            refused.add(e);
          } else {
            created.add((String) answer);
          }
        }
      } finally {
        callers.shutdownNow();
      }
      double burstSeconds = (System.nanoTime() - started) / 1e9;

      // the bucket's 5 tokens, plus whatever refilled at 2/s while the burst ran
      assertThat(created.size()).isBetween(WRITE_BURST, WRITE_BURST + (int) Math.floor(burstSeconds * WRITE_RATE));
      assertThat(refused).hasSize(BURST - created.size()).isNotEmpty();
      for (TooManyRequestsException e : refused) {
        assertThat(e.statusCode()).isEqualTo(429);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TooManyRequestsException");
        assertThat(e.getMessage())
            .contains("Rate exceeded for principal " + RunningServer.ADMIN_ARN)
            .contains("CreateMesh is a write operation, limited to 2 per second with bursts of 5")
            .contains("meshplane.throttle.write.rate");
      }
      // only admitted requests were written, each exactly once
      assertThat(store.journalAfter(0, 1000)).hasSize((int) headBefore + created.size());
      for (int i = 0; i < BURST; i++) {
        String name = "burst-" + i;
        if (!created.contains(name)) {
          assertThat(store.get(dev.meshplane.model.ResourceId.mesh(name))).as(name).isEmpty();
        }
      }

      // reads have a bucket of their own: still served while writes are throttled
      assertThat(appMesh.listMeshes(r -> {}).meshes()).hasSize(created.size());
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> appMesh.describeMesh(r -> r.meshName("absent")))
          .isInstanceOf(NotFoundException.class);

      // after the refill interval (one token per 500 ms) writes pass again
      Thread.sleep(1_100);
      appMesh.deleteMesh(r -> r.meshName(created.get(0)));
      appMesh.deleteMesh(r -> r.meshName(created.get(1)));
      assertThat(store.journalAfter(0, 1000)).hasSize((int) headBefore + created.size() + 2);
    }
  }
}
