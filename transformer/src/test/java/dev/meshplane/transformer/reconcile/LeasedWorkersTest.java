package dev.meshplane.transformer.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.configstore.MotoServer;
import dev.meshplane.configstore.dynamodb.DynamoDbBucketLeases;
import dev.meshplane.configstore.dynamodb.DynamoDbConfigStore;
import dev.meshplane.store.JdbcJournaledStore;
import dev.meshplane.store.JournaledStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threeten.extra.MutableClock;

/**
 * Two transformer workers share 64 buckets through DynamoDB leases (moto_server): each mesh is
 * reconciled by the worker holding its bucket, and when one worker stops renewing, the other
 * takes its buckets over after expiry and reconciles their meshes.
 */
class LeasedWorkersTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  @TempDir Path dataDir;

  @Test
  void workersSplitTheBucketsAndTakeOverFromAStoppedOne() {
    MutableClock clock = MutableClock.of(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
    try (MotoServer moto = MotoServer.start();
        JournaledStore store = JdbcJournaledStore.sqlite(dataDir, Clock.systemUTC());
        DynamoDbConfigStore configs = DynamoDbConfigStore.open(moto.dynamoDbClient(), "proxy-configs");
        DynamoDbBucketLeases leasesA = DynamoDbBucketLeases.open(moto.dynamoDbClient(), "leases", clock);
        DynamoDbBucketLeases leasesB = DynamoDbBucketLeases.open(moto.dynamoDbClient(), "leases", clock)) {
      MeshWrites writes = new MeshWrites(store);
      List<String> meshes = IntStream.range(0, 12).mapToObj(i -> "mesh-" + i).toList();
      for (String mesh : meshes) {
        writes.mesh(mesh);
        writes.node(mesh, "n", 80);
      }
      Reconciler a = new Reconciler(store, configs, leasesA, new SpecDigestSynthesizer(), new ReconcilerSettings("a", 64, 32, LEASE));
      // b may hold every bucket: it gets only the 32 that a leaves free until a's leases expire.
      Reconciler b = new Reconciler(store, configs, leasesB, new SpecDigestSynthesizer(), new ReconcilerSettings("b", 64, 64, LEASE));

      TickReport first = a.tick(Pass.CHANGED);
      TickReport second = b.tick(Pass.CHANGED);
      assertThat(first.ownedBuckets()).hasSize(32).doesNotContainAnyElementsOf(second.ownedBuckets());
      assertThat(second.ownedBuckets()).hasSize(32);
      assertThat(first.meshesReconciled() + second.meshesReconciled()).isEqualTo(meshes.size());
      for (String mesh : meshes) {
        assertThat(configs.listMesh(mesh)).as(mesh).hasSize(1);
      }

      // Worker a stops (no more renewals); b's next ticks after expiry take its buckets and meshes.
      Set<String> meshesOfA = new HashSet<>(a.reconciledGenerations().keySet());
      meshesOfA.forEach(mesh -> writes.updateNode(mesh, "n", 8080));
      clock.add(LEASE.plusSeconds(1));
      TickReport takeover = b.tick(Pass.CHANGED);
      assertThat(takeover.ownedBuckets()).hasSize(64);
      assertThat(takeover.meshesReconciled()).isEqualTo(meshesOfA.size());
      for (String mesh : meshesOfA) {
        assertThat(configs.get("mesh/" + mesh + "/virtualNode/n").orElseThrow().generation())
            .as("%s reconciled after takeover", mesh)
            .isEqualTo(store.meshGeneration(mesh));
      }
    }
  }
}
