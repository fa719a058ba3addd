package dev.meshplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteJournaledStoreTest extends JournaledStoreContract {

  @TempDir Path dataDir;

  @Override
  protected JournaledStore openStore() {
    return JdbcJournaledStore.sqlite(dataDir, clock);
  }

  @Override
  protected JournaledStore openIsolatedStore() {
    return JdbcJournaledStore.sqlite(dataDir.resolve("isolated"), clock);
  }

  @Test
  void reopeningTheDataDirectoryKeepsEverything() {
    ResourceId mesh = ResourceId.mesh("kept");
    ResourceId node = ResourceId.of("kept", ResourceKind.VIRTUAL_NODE, "node");
    store.apply(create(mesh));
    store.apply(create(node));
    store.apply(new Mutation.TagResource(node, java.util.List.of(new Tag("team", "a")), "dave"));
    MeshSnapshot before = store.snapshot("kept").orElseThrow();
    var journal = store.journalAfter(0, 100);
    store.close();

    store = JdbcJournaledStore.sqlite(dataDir, clock);

    assertThat(store.snapshot("kept")).contains(before);
    assertThat(store.journalAfter(0, 100)).isEqualTo(journal);
    assertThat(store.meshGeneration("kept")).isEqualTo(3);
    assertThat(store.apply(update(node, 1L)).journalSeq()).isEqualTo(4);
  }

  @Test
  void theDatabaseIsOneWalFileInTheDataDirectory() throws Exception {
    Path nested = dataDir.resolve("a/b");
    JdbcJournaledStore.sqlite(nested, clock).close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + nested.resolve("meshplane.db"));
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA journal_mode")) {
      rows.next();
      assertThat(rows.getString(1)).isEqualTo("wal");
    }
  }

  @Test
  void concurrentWritesShareCommitsAndARefusedOneUndoesOnlyItself() throws Exception {
    int writers = 16;
    int writesEach = 20;
    store.apply(create(meshId()));
    for (int w = 0; w < writers; w++) {
      store.apply(create(id(ResourceKind.VIRTUAL_NODE, "node-" + w)));
    }
    long seqBefore = store.journalAfter(0, 10_000).size();
    long commitsBefore = ((JdbcJournaledStore) store).groupCommits();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> refusedPerWriter = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        ResourceId node = id(ResourceKind.VIRTUAL_NODE, "node-" + w);
        refusedPerWriter.add(pool.submit(() -> {
          start.await();
          int refused = 0;
          for (int i = 0; i < writesEach; i++) {
            // Every other write names a stale version: refused, inside a batch of accepted ones.
            long expected = i % 2 == 0 ? 1 + i / 2 : 1;
            try {
              store.apply(update(node, expected));
            } catch (StoreException e) {
              assertThat(i % 2).isEqualTo(1);
              refused++;
            }
          }
          return refused;
        }));
      }
      start.countDown();
      int refused = 0;
      for (Future<Integer> f : refusedPerWriter) {
        refused += f.get();
      }
      assertThat(refused).isEqualTo(writers * writesEach / 2);
    } finally {
      pool.shutdownNow();
    }
    int accepted = writers * writesEach / 2;
    var journal = store.journalAfter(0, 10_000);
    assertThat(journal).hasSize((int) seqBefore + accepted);
    for (int i = 0; i < journal.size(); i++) {
      assertThat(journal.get(i).seq()).isEqualTo(i + 1); // gap-free: refused writes left no entry
    }
    for (int w = 0; w < writers; w++) {
      assertThat(store.get(id(ResourceKind.VIRTUAL_NODE, "node-" + w)).orElseThrow().version())
          .isEqualTo(1 + writesEach / 2);
    }
    long commits = ((JdbcJournaledStore) store).groupCommits() - commitsBefore;
    assertThat(commits).as("transactions for %d writes", writers * writesEach).isBetween(1L, writers * writesEach - 1L);
    // The writer kept its statements: each distinct text of the create and update paths prepared once.
    assertThat(((JdbcJournaledStore) store).writerStatementsPrepared()).isBetween(1L, 30L);
  }

  @Test
  void theWriterReadsARowOnceAndKeepsWhatItWrote() {
    store.apply(create(meshId()));
    ResourceId node = id(ResourceKind.VIRTUAL_NODE, "node");
    ResourceId router = id(ResourceKind.VIRTUAL_ROUTER, "router");
    ResourceId route = route("router", "route");
    store.apply(create(node));
    store.apply(create(router));
    store.apply(create(route, node));
    Precondition routerListens = new Precondition(router, stored -> Optional.empty());
    Mutation.Update routeUpdate = new Mutation.Update(route, null, spec(2), Set.of(node), List.of(routerListens), "bob");
    store.apply(routeUpdate);
    long reads = ((JdbcJournaledStore) store).writerTableReads();

    for (int i = 0; i < 10; i++) {
      store.apply(routeUpdate);
    }

    assertThat(((JdbcJournaledStore) store).writerTableReads()).isEqualTo(reads);
    assertThat(store.get(route).orElseThrow().version()).isEqualTo(12);
  }

  @Test
  void theWriterSeesWhatAnotherConnectionCommitted() {
    store.apply(create(meshId()));
    ResourceId node = id(ResourceKind.VIRTUAL_NODE, "node");
    store.apply(create(node));
    store.apply(update(node, 1L)); // the writer now keeps version 2

    try (JournaledStore other = JdbcJournaledStore.sqlite(dataDir, clock)) {
      other.apply(update(node, 2L));
    }

    assertThatThrownBy(() -> store.apply(update(node, 2L)))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT));
    assertThat(store.apply(update(node, 3L)).resource().version()).isEqualTo(4);
  }

  @Test
  void aWriteUndoneAfterItsRowWasWrittenLeavesNothingKept() throws Exception {
    store.apply(create(meshId()));
    ResourceId node = id(ResourceKind.VIRTUAL_NODE, "node");
    store.apply(create(node));
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("meshplane.db"));
        Statement statement = connection.createStatement()) {
      // fails the write at its journal entry, after its resource row was written
      statement.execute("CREATE TRIGGER refuse_mallory BEFORE INSERT ON journal WHEN NEW.principal = 'mallory'"
          + " BEGIN SELECT RAISE(ABORT, 'mallory may not write'); END");
    }

    assertThatThrownBy(() -> store.apply(new Mutation.Update(node, 1L, spec(3), Set.of(), List.of(), "mallory")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("mallory may not write");

    assertThat(store.get(node).orElseThrow().version()).isEqualTo(1);
    assertThat(store.apply(update(node, 1L)).resource().version()).isEqualTo(2);
  }
}
