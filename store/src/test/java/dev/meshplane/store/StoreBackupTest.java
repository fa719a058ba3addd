package dev.meshplane.store;

import static org.awaitility.Awaitility.await;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.threeten.extra.MutableClock;

/**
 * Backup and restore on both databases: a backup restored into an empty store reads back the
 * same, a restore to any earlier journal sequence gives the store exactly as it was then (checked
 * against snapshots taken while the writes happened), and a bad file or a non-empty store is
 * refused with nothing written.
 */
class StoreBackupTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OWNER = "111122223333";
  private static final String SHARED_OWNER = "444455556666";

  /** References travel inside the test's specs, so the journal alone can give them back. */
  private static final ReferenceFinder REFERENCES = (id, specJson) -> {
    Set<ResourceId> references = new HashSet<>();
    for (JsonNode ref : tree(specJson).path("refs")) {
      references.add(ResourceId.of(ref.get(0).asText(), ResourceKind.valueOf(ref.get(1).asText()), ref.get(2).asText()));
    }
    return references;
  };

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.of(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);
  private int stores;

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aRestoredBackupReadsBackTheSame(String database) throws Exception {
    JdbcJournaledStore source = open(database);
    Map<Long, Map<String, MeshSnapshot>> asOf = writeHistory(source, 60, new Random(7));
    byte[] sharedKey = source.sharedKey("page-tokens");
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    BackupManifest manifest = source.backupTo(file);

    JdbcJournaledStore restored = open(database);
    BackupManifest result = restored.restoreFrom(new ByteArrayInputStream(file.toByteArray()), null, REFERENCES);

    long head = source.journalAfter(0, 1000).size();
    assertThat(manifest.journalSeq()).isEqualTo(head);
    assertThat(result.rows()).isEqualTo(manifest.rows());
    for (String mesh : List.of("alpha", "beta")) {
      assertThat(restored.snapshot(mesh)).isEqualTo(source.snapshot(mesh));
    }
    assertThat(restored.journalAfter(0, 1000)).isEqualTo(source.journalAfter(0, 1000));
    assertThat(restored.meshGenerations()).isEqualTo(source.meshGenerations());
    assertThat(restored.sharedKey("page-tokens")).isEqualTo(sharedKey);
    // the restored store goes on where the backup stopped
    assertThat(restored.apply(create(ResourceId.of("alpha", ResourceKind.VIRTUAL_NODE, "after"), 9)).journalSeq())
        .isEqualTo(head + 1);
    source.close();
    restored.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aRestoreToAnEarlierSequenceGivesTheStoreAsItWasThen(String database) throws Exception {
    JdbcJournaledStore source = open(database);
    Map<Long, Map<String, MeshSnapshot>> asOf = writeHistory(source, 80, new Random(11));
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    source.backupTo(file);
    List<Long> sequences = new ArrayList<>(new TreeSet<>(asOf.keySet()));
    Random pick = new Random(3);
    Set<Long> chosen = new TreeSet<>(List.of(sequences.get(0), sequences.get(sequences.size() - 1)));
    while (chosen.size() < 8) {
      chosen.add(sequences.get(pick.nextInt(sequences.size())));
    }
    for (long seq : chosen) {
      JdbcJournaledStore restored = open(database);
      restored.restoreFrom(new ByteArrayInputStream(file.toByteArray()), seq, REFERENCES);
      for (String mesh : List.of("alpha", "beta")) {
        assertThat(restored.snapshot(mesh)).as("%s as of sequence %d", mesh, seq).isEqualTo(
            java.util.Optional.ofNullable(asOf.get(seq).get(mesh)));
      }
      assertThat(restored.journalAfter(0, 1000)).isEqualTo(source.journalAfter(0, (int) seq));
      restored.close();
    }
    source.close();
  }

  @Test
  void aBackupTakenDuringWritesIsConsistentAtItsSequence() throws Exception {
    JdbcJournaledStore source = open("sqlite");
    writeHistory(source, 10, new Random(5));
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger written = new AtomicInteger();
    Thread writer = new Thread(() -> {
      for (int i = 0; writing.get(); i++) {
        source.apply(create(ResourceId.of("beta", ResourceKind.VIRTUAL_NODE, "busy-" + i), i));
        written.incrementAndGet();
      }
    });
    writer.start();
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    await().atMost(Duration.ofSeconds(10)).until(() -> written.get() >= 5); // the backup runs amid writes
    BackupManifest manifest = source.backupTo(file);
    writing.set(false);
    writer.join();

    JdbcJournaledStore full = open("sqlite");
    full.restoreFrom(new ByteArrayInputStream(file.toByteArray()), null, REFERENCES);
    JdbcJournaledStore derived = open("sqlite");
    derived.restoreFrom(new ByteArrayInputStream(file.toByteArray()), manifest.journalSeq() - 1, REFERENCES);
    assertThat(full.journalAfter(0, 100_000)).hasSize((int) manifest.journalSeq());
    // every resource row agrees with the journal at the backup's sequence: the tables were read together
    long busy = full.journalAfter(0, 100_000).stream().filter(e -> e.id().name().startsWith("busy-")).count();
    assertThat(full.snapshot("beta").orElseThrow().resources().stream()
        .filter(r -> r.id().name().startsWith("busy-")).count()).isEqualTo(busy);
    assertThat(full.snapshot("beta").orElseThrow().generation())
        .isEqualTo(full.journalAfter(0, 100_000).stream().filter(e -> e.id().mesh().equals("beta")).count());
    source.close();
    full.close();
    derived.close();
  }

  @Test
  void aStoreThatIsNotEmptyIsRefusedAndKeepsWhatItHolds() throws Exception {
    JdbcJournaledStore source = open("sqlite");
    writeHistory(source, 5, new Random(1));
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    source.backupTo(file);
    JdbcJournaledStore target = open("sqlite");
    target.apply(create(ResourceId.mesh("kept"), 1));

    assertThatThrownBy(() -> target.restoreFrom(new ByteArrayInputStream(file.toByteArray()), null, REFERENCES))
        .isInstanceOf(BackupFileException.class)
        .hasMessageContaining("needs an empty store; this one holds 2 resources and journal entries");
    assertThat(target.journalAfter(0, 100)).hasSize(1);
    assertThat(target.snapshot("alpha")).isEmpty();
  }

  @Test
  void aDamagedFileIsRefusedWithNothingRestored() throws Exception {
    JdbcJournaledStore source = open("sqlite");
    writeHistory(source, 20, new Random(2));
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    source.backupTo(file);
    List<String> lines = lines(file.toByteArray());

    assertRefused(gzip(lines.subList(0, lines.size() - 3)), "truncated: it ends at line " + (lines.size() - 3));
    List<String> foreignTable = new ArrayList<>(lines);
    foreignTable.set(3, "{\"table\":\"pg_authid\",\"row\":[\"x\"]}");
    assertRefused(gzip(foreignTable), "line 4 names no table of the store: 'pg_authid'");
    List<String> miscounted = new ArrayList<>(lines);
    miscounted.remove(lines.size() - 2);
    assertRefused(gzip(miscounted), "its end line counts");
    assertRefused("not a backup".getBytes(StandardCharsets.UTF_8), "not gzip");
    assertRefused(gzip(List.of("{\"hello\":1}")), "This is not a Meshplane backup");
    JdbcJournaledStore target = open("sqlite");
    assertThatThrownBy(() -> target.restoreFrom(new ByteArrayInputStream(file.toByteArray()), 10_000L, REFERENCES))
        .hasMessageContaining("Cannot restore to journal sequence 10000: the backup holds sequences 1 to 20");
    assertThat(target.journalAfter(0, 10)).isEmpty();
  }

  @Test
  void theBackupHoldsEveryColumnOfEveryTable() throws Exception {
    JdbcJournaledStore.sqlite(dir.resolve("schema"), clock).close();
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("schema").resolve(JdbcJournaledStore.SQLITE_FILE));
        Statement statement = connection.createStatement()) {
      for (BackupTable table : BackupTable.values()) {
        try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table.table() + " LIMIT 0")) {
          ResultSetMetaData meta = rows.getMetaData();
          List<String> columns = new ArrayList<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnName(i));
          }
          assertThat(table.columns().stream().map(BackupTable.Column::name).toList())
              .as(table.table()).containsExactlyInAnyOrderElementsOf(columns);
        }
      }
    }
  }

  // --- a history of writes, with the store's state after each one ---------------------------------

  /** Random creates, updates, tags and deletes in two meshes; the snapshots after each write by sequence. */
  private Map<Long, Map<String, MeshSnapshot>> writeHistory(JdbcJournaledStore store, int writes, Random random) {
    Map<Long, Map<String, MeshSnapshot>> asOf = new LinkedHashMap<>();
    store.apply(create(ResourceId.mesh("alpha"), 0));
    store.apply(new Mutation.Create(ResourceId.mesh("beta"), spec(0), List.of(), Set.of(), List.of(), null,
        SHARED_OWNER, OWNER, "carol"));
    long seq = 2;
    while (seq < writes) {
      clock.add(Duration.ofSeconds(1));
      String mesh = random.nextBoolean() ? "alpha" : "beta";
      ResourceId node = ResourceId.of(mesh, ResourceKind.VIRTUAL_NODE, "node-" + random.nextInt(4));
      ResourceId service = ResourceId.of(mesh, ResourceKind.VIRTUAL_SERVICE, "service-" + random.nextInt(3));
      Mutation mutation = switch (random.nextInt(7)) {
        case 0, 1 -> create(node, random.nextInt(100));
        case 2 -> new Mutation.Create(service, specReferring(node), List.of(), Set.of(node), List.of(),
            random.nextBoolean() ? null : "token-" + seq, OWNER, OWNER, "dave");
        case 3 -> new Mutation.Update(node, null, spec(random.nextInt(100)), Set.of(), List.of(), "erin");
        case 4 -> new Mutation.TagResource(random.nextBoolean() ? node : service,
            List.of(new Tag("team", "t" + random.nextInt(3))), "frank");
        case 5 -> new Mutation.Delete(random.nextBoolean() ? node : service, null, "grace");
        default -> new Mutation.UntagResource(node, List.of("team"), "heidi");
      };
      try {
        seq = store.apply(mutation).journalSeq();
      } catch (StoreException refused) {
        continue; // refused writes leave no entry: nothing to remember
      }
      Map<String, MeshSnapshot> snapshots = new LinkedHashMap<>();
      for (String each : List.of("alpha", "beta")) {
        store.snapshot(each).ifPresent(snapshot -> snapshots.put(each, snapshot));
      }
      asOf.put(seq, snapshots);
    }
    return asOf;
  }

  private static Mutation.Create create(ResourceId id, int marker) {
    return new Mutation.Create(id, spec(marker), List.of(), Set.of(), List.of(), null, OWNER, OWNER, "alice");
  }

  private static String spec(int marker) {
    return "{\"marker\":" + marker + "}";
  }

  private static String specReferring(ResourceId target) {
    ObjectNode spec = JSON.createObjectNode();
    ArrayNode ref = spec.putArray("refs").addArray();
    ref.add(target.mesh()).add(target.kind().name()).add(target.name());
    return spec.toString();
  }

  private JdbcJournaledStore open(String database) {
    return database.equals("sqlite")
        ? JdbcJournaledStore.sqlite(dir.resolve("store-" + ++stores), clock)
        : JdbcJournaledStore.postgres(PostgresFixture.database(), PostgresFixture.USER, PostgresFixture.PASSWORD, clock);
  }

  private void assertRefused(byte[] file, String message) {
    JdbcJournaledStore target = open("sqlite");
    assertThatThrownBy(() -> target.restoreFrom(new ByteArrayInputStream(file), null, REFERENCES))
        .isInstanceOf(BackupFileException.class)
        .hasMessageContaining(message);
    assertThat(target.journalAfter(0, 10)).isEmpty();
    assertThat(target.snapshot("alpha")).isEmpty();
    target.close();
  }

  private static List<String> lines(byte[] gzipped) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      return Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    }
  }

  private static byte[] gzip(List<String> lines) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
