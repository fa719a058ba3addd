package dev.meshplane.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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
}
