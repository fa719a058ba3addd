package dev.meshplane.transformer.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.configstore.LocalBucketLeases;
import dev.meshplane.configstore.MotoServer;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.configstore.dynamodb.DynamoDbConfigStore;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.JdbcJournaledStore;
import dev.meshplane.store.JournaledStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two transformers that both believe they own every bucket, on the same DynamoDB table (through
 * moto_server), tick concurrently while a writer streams API changes. The end state is exactly
 * the config of the final mesh state, and no accepted write ever moved an item to an older
 * generation.
 */
class SplitBrainTest {
  @TempDir Path dataDir;

  @Test
  void twoWorkersOnOneBucketConvergeAndNeverGoBack() throws Exception {
    try (MotoServer moto = MotoServer.start();
        JournaledStore store = JdbcJournaledStore.sqlite(dataDir, Clock.systemUTC())) {
      GenerationWatchingConfigStore configs =
          new GenerationWatchingConfigStore(DynamoDbConfigStore.open(moto.dynamoDbClient(), "proxy-configs"));
      SpecDigestSynthesizer synthesizer = new SpecDigestSynthesizer();
      Reconciler first = new Reconciler(store, configs, new LocalBucketLeases(), synthesizer, ReconcilerSettings.embedded());
      Reconciler second = new Reconciler(store, configs, new LocalBucketLeases(), synthesizer, ReconcilerSettings.embedded());
      MeshWrites writes = new MeshWrites(store);
      List<String> meshes = List.of("m0", "m1", "m2");
      meshes.forEach(writes::mesh);

      AtomicBoolean writing = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(3);
      List<Future<?>> workers = new ArrayList<>();
      for (Reconciler worker : List.of(first, second)) {
        workers.add(pool.submit(() -> {
          int ticks = 0;
          while (writing.get() || ticks < 2) {
            worker.tick(ticks++ % 5 == 0 ? Pass.FULL : Pass.CHANGED);
          }
          return null;
        }));
      }
      Random random = new Random(7);
      for (int change = 0; change < 150; change++) {
        String mesh = meshes.get(random.nextInt(meshes.size()));
        String node = "n" + random.nextInt(5);
        ResourceId id = ResourceId.of(mesh, ResourceKind.VIRTUAL_NODE, node);
        if (store.get(id).isEmpty()) {
          writes.node(mesh, node, 1000 + change);
        } else if (random.nextInt(4) == 0) {
          writes.delete(id);
        } else {
          writes.updateNode(mesh, node, 1000 + change);
        }
      }
      writing.set(false);
      for (Future<?> worker : workers) {
        worker.get(2, TimeUnit.MINUTES);
      }
      pool.shutdown();
      // Both settle on the final state.
      first.tick(Pass.FULL);
      second.tick(Pass.FULL);

      for (String mesh : meshes) {
        Map<String, String> expected = synthesizer.synthesize(store.snapshot(mesh).orElseThrow()).stream()
            .collect(Collectors.toMap(MeshSynthesizer.SynthesizedProxy::key, p -> ContentHash.of(p.payload())));
        Map<String, String> actual = configs.listMesh(mesh).stream()
            .collect(Collectors.toMap(ProxyConfigItem::key, ProxyConfigItem::contentHash));
        assertThat(actual).as("configs of %s", mesh).isEqualTo(expected);
        assertThat(configs.listMesh(mesh)).allMatch(item -> item.generation() <= store.meshGeneration(mesh));
      }
      assertThat(configs.moves).isNotEmpty();
      assertThat(configs.moves).allSatisfy(move ->
          assertThat(move.after()).as("generation of %s", move.key()).isGreaterThanOrEqualTo(move.before()));
    }
  }
}
