package dev.meshplane.transformer.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.JdbcJournaledStore;
import dev.meshplane.store.JournaledStore;
import dev.meshplane.store.MeshSnapshot;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror brought up to date from the journal equals a whole read of the store, after random
 * creates, updates and deletes in the mesh and beside it, read after every few writes.
 */
class MeshMirrorTest {
  @TempDir Path dataDir;

  @Test
  void aMirrorFollowingTheJournalEqualsAWholeRead() {
    try (JournaledStore store = JdbcJournaledStore.sqlite(dataDir, Clock.systemUTC())) {
      MeshMirror mirror = new MeshMirror(store);
      MeshWrites writes = new MeshWrites(store);
      writes.mesh("shop");
      writes.mesh("other");
      Random random = new Random(7);
      List<ResourceId> present = new ArrayList<>();
      for (int step = 0; step < 200; step++) {
        String mesh = random.nextInt(5) == 0 ? "other" : "shop";
        ResourceId id = ResourceId.of(mesh, random.nextBoolean() ? ResourceKind.VIRTUAL_NODE : ResourceKind.VIRTUAL_ROUTER,
            "r" + random.nextInt(12));
        String spec = "{\"listeners\":[{\"portMapping\":{\"port\":" + (8000 + random.nextInt(100))
            + ",\"protocol\":\"http\"}}]}";
        if (!present.contains(id)) {
          writes.create(id, spec);
          present.add(id);
        } else if (random.nextInt(3) == 0) {
          writes.delete(id);
          present.remove(id);
        } else {
          writes.update(id, spec);
        }
        if (random.nextInt(3) == 0) {
          MeshSnapshot whole = store.snapshot("shop").orElseThrow();
          assertThat(mirror.read("shop", false)).as("step %d", step).hasValue(whole);
        }
      }
    }
  }

  @Test
  void pastTheLimitOfChangesTheMirrorReadsTheWholeMesh() {
    try (JournaledStore store = JdbcJournaledStore.sqlite(dataDir, Clock.systemUTC())) {
      MeshMirror mirror = new MeshMirror(store);
      MeshWrites writes = new MeshWrites(store);
      writes.mesh("shop");
      mirror.read("shop", false);
      for (int i = 0; i <= MeshMirror.MAX_CHANGES; i++) {
        writes.node("shop", "n" + i, 8080);
      }
      assertThat(store.changesSince("shop", 1, MeshMirror.MAX_CHANGES)).isEmpty();
      assertThat(mirror.read("shop", false)).hasValue(store.snapshot("shop").orElseThrow());
      writes.delete(ResourceId.of("shop", ResourceKind.VIRTUAL_NODE, "n0"));
      assertThat(mirror.read("shop", false)).hasValue(store.snapshot("shop").orElseThrow());
      assertThat(mirror.read("shop", true)).hasValue(store.snapshot("shop").orElseThrow());
    }
  }

  @Test
  void aDeletedMeshReadsAsGone() {
    try (JournaledStore store = JdbcJournaledStore.sqlite(dataDir, Clock.systemUTC())) {
      MeshMirror mirror = new MeshMirror(store);
      MeshWrites writes = new MeshWrites(store);
      writes.mesh("shop");
      writes.node("shop", "web", 8080);
      assertThat(mirror.read("shop", false)).isPresent();
      writes.delete(ResourceId.of("shop", ResourceKind.VIRTUAL_NODE, "web"));
      writes.delete(ResourceId.mesh("shop"));
      assertThat(mirror.read("shop", false)).isEmpty();
      writes.mesh("shop");
      assertThat(mirror.read("shop", false)).hasValue(store.snapshot("shop").orElseThrow());
    }
  }
}
