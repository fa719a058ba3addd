package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.JdbcJournaledStore;
import dev.meshplane.store.JournalEntry;
import dev.meshplane.store.StoredResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.appmesh.AppMeshClient;
import software.amazon.awssdk.services.appmesh.model.VirtualNodeData;
import software.amazon.awssdk.services.appmesh.model.VirtualNodeRef;
import software.amazon.awssdk.services.appmesh.model.VirtualNodeSpec;

/**
 * The real server process is SIGKILLed while a client is writing. After a restart on the same data
 * directory every acknowledged write is there, and the journal is gap-free and agrees with the
 * resources.
 */
class DurabilityKillTest {
  private static final String MESH = "durable";
  private static final long WRITE_MILLIS = 2_000;
  private static final int MIN_ACKNOWLEDGED = 20;

  @TempDir Path tmp;
  private final List<DurabilityServerProcess> servers = new ArrayList<>();

  @AfterEach
  void destroyServers() {
    servers.forEach(DurabilityServerProcess::close);
  }

  /** The last acknowledged write of one node: its version and the hostname it carried. */
  record Ack(long version, String hostname) {}

  @Test
  void acknowledgedWritesSurviveSigkillAndTheJournalStaysConsistent() throws Exception {
    Path dataDir = tmp.resolve("data");
    Files.createDirectories(dataDir);

    DurabilityServerProcess first = started(dataDir, tmp.resolve("server-1.log"));
    Map<String, Ack> acknowledged = new ConcurrentHashMap<>();
    Set<String> attemptedCreates = ConcurrentHashMap.newKeySet();
    AtomicInteger acknowledgedWrites = new AtomicInteger();
    AtomicReference<Throwable> failureBeforeKill = new AtomicReference<>();
    AtomicReference<Throwable> endOfWrites = new AtomicReference<>();
    var killed = new java.util.concurrent.atomic.AtomicBoolean();

    Thread writer;
    try (AppMeshClient client = first.client()) {
      client.createMesh(r -> r.meshName(MESH));
      writer = new Thread(() -> {
        int i = 0;
        try {
          while (true) {
            i++;
            String name = String.format("n-%04d", i);
            String hostname = name + ".v1." + MESH + ".local";
            attemptedCreates.add(name);
            VirtualNodeData created = client.createVirtualNode(r -> r.meshName(MESH).virtualNodeName(name).spec(spec(hostname)))
                .virtualNode();
            record(acknowledged, name, created, hostname);
            acknowledgedWrites.incrementAndGet();
            if (i > 1) {
              String target = String.format("n-%04d", 1 + (i * 7) % (i - 1));
              long next = acknowledged.get(target).version() + 1;
              String newHostname = target + ".v" + next + "." + MESH + ".local";
              VirtualNodeData updated = client.updateVirtualNode(r -> r.meshName(MESH).virtualNodeName(target)
                  .spec(spec(newHostname))).virtualNode();
              record(acknowledged, target, updated, newHostname);
              acknowledgedWrites.incrementAndGet();
            }
          }
        } catch (SdkException | AssertionError e) {
          if (!killed.get() || e instanceof AssertionError) {
            failureBeforeKill.set(e);
          }
          endOfWrites.set(e);
        }
      }, "durability-writer");
      writer.setDaemon(true);
      long writeStart = System.nanoTime();
      writer.start();
      while ((System.nanoTime() - writeStart) / 1_000_000 < WRITE_MILLIS || acknowledgedWrites.get() < MIN_ACKNOWLEDGED) {
        assertThat(writer.isAlive()).as("the writer stopped before the kill: " + failureBeforeKill.get()).isTrue();
        assertThat((System.nanoTime() - writeStart) / 1_000_000_000)
            .as("seconds to get " + MIN_ACKNOWLEDGED + " acknowledged writes (got " + acknowledgedWrites.get() + ")")
            .isLessThan(30);
        Thread.sleep(20);
      }
      assertThat(writer.isAlive()).as("the writer is still writing when the server is killed").isTrue();
      killed.set(true);
      first.kill();
      writer.join(30_000);
      assertThat(writer.isAlive()).as("the writer noticed the killed server within 30 s").isFalse();
    }
    assertThat(failureBeforeKill.get()).as("a write failed before the kill").isNull();
    assertThat(endOfWrites.get()).as("the writer stopped because the server went away").isNotNull();
    int acknowledgedCount = acknowledgedWrites.get();
    assertThat(acknowledgedCount).isGreaterThanOrEqualTo(MIN_ACKNOWLEDGED);

    Map<String, Long> storedVersions = new TreeMap<>();
    DurabilityServerProcess second = started(dataDir, tmp.resolve("server-2.log"));
    try (AppMeshClient client = second.client()) {
      assertThat(client.describeMesh(r -> r.meshName(MESH)).mesh().metadata().version()).isEqualTo(1L);
      for (var entry : new TreeMap<>(acknowledged).entrySet()) {
        String name = entry.getKey();
        Ack ack = entry.getValue();
        VirtualNodeData stored = client.describeVirtualNode(r -> r.meshName(MESH).virtualNodeName(name)).virtualNode();
        assertThat(stored.metadata().version()).as("stored version of acknowledged " + name).isGreaterThanOrEqualTo(ack.version());
        if (stored.metadata().version() == ack.version()) {
          assertThat(stored.spec().serviceDiscovery().dns().hostname())
              .as("spec of " + name + " at its acknowledged version " + ack.version())
              .isEqualTo(ack.hostname());
        }
      }
      List<String> listed = client.listVirtualNodesPaginator(r -> r.meshName(MESH)).virtualNodes().stream()
          .map(VirtualNodeRef::virtualNodeName).toList();
      assertThat(listed).as("nodes after the restart: every acknowledged one").containsAll(acknowledged.keySet());
      assertThat(attemptedCreates).as("nodes after the restart: only ones a client asked for").containsAll(listed);
      assertThat(listed.size()).as("unacknowledged creates that survived (at most the one in flight)")
          .isLessThanOrEqualTo(acknowledged.size() + 1);
      for (String name : listed) {
        storedVersions.put(name, client.describeVirtualNode(r -> r.meshName(MESH).virtualNodeName(name))
            .virtualNode().metadata().version());
      }
    }
    second.stop();

    try (JdbcJournaledStore store = JdbcJournaledStore.sqlite(dataDir, Clock.systemUTC())) {
      List<JournalEntry> journal = store.journalAfter(0, 100_000);
      for (int i = 0; i < journal.size(); i++) {
        assertThat(journal.get(i).seq()).as("journal seq at position " + i).isEqualTo(i + 1L);
      }
      Map<ResourceId, List<JournalEntry>> byResource = new LinkedHashMap<>();
      journal.forEach(e -> byResource.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(e));

      List<StoredResource> nodes = store.list(ResourceKind.VIRTUAL_NODE, MESH, null, null, 100_000).items();
      List<StoredResource> resources = new ArrayList<>(nodes);
      resources.add(store.get(ResourceId.mesh(MESH)).orElseThrow(() -> new AssertionError("mesh " + MESH + " is gone")));
      assertThat(nodes).extracting(n -> n.id().name()).containsExactlyInAnyOrderElementsOf(storedVersions.keySet());
      for (StoredResource node : nodes) {
        assertThat(node.version()).as("store and API agree on the version of " + node.id())
            .isEqualTo(storedVersions.get(node.id().name()));
      }
      assertThat(byResource.keySet()).as("resources in the journal").containsExactlyInAnyOrderElementsOf(
          resources.stream().map(StoredResource::id).toList());
      for (StoredResource resource : resources) {
        List<JournalEntry> entries = byResource.get(resource.id());
        assertThat(entries).as("journal entries of " + resource.id() + " (one per version, no tag ops here)")
            .hasSize((int) resource.version());
        for (int v = 0; v < entries.size(); v++) {
          JournalEntry entry = entries.get(v);
          assertThat(entry.version()).as("version of journal entry " + entry.seq() + " of " + resource.id()).isEqualTo(v + 1L);
          assertThat(entry.operation()).as("operation of journal entry " + entry.seq())
              .isEqualTo(v == 0 ? JournalEntry.Operation.CREATE : JournalEntry.Operation.UPDATE);
        }
        assertThat(entries.get(entries.size() - 1).version()).as("last journal version of " + resource.id())
            .isEqualTo(resource.version());
      }
      assertThat(journal).as("journal entries: the mesh plus at least every acknowledged write")
          .hasSizeGreaterThanOrEqualTo(1 + acknowledgedCount);
      assertThat(journal.size()).as("journal entries: at most one write in flight beyond the acknowledged ones")
          .isLessThanOrEqualTo(1 + acknowledgedCount + 1);
      System.out.printf("DurabilityKillTest: %d writes acknowledged before SIGKILL (%d nodes), %d journal entries after restart, "
              + "%d nodes stored, writer stopped by: %s%n",
          acknowledgedCount, acknowledged.size(), journal.size(), nodes.size(), endOfWrites.get());
    }
  }

  private DurabilityServerProcess started(Path dataDir, Path log) throws Exception {
    DurabilityServerProcess server = DurabilityServerProcess.start(dataDir, log);
    servers.add(server);
    return server;
  }

  private static void record(Map<String, Ack> acknowledged, String name, VirtualNodeData answer, String hostname) {
    long version = answer.metadata().version();
    Ack previous = acknowledged.get(name);
    long expected = previous == null ? 1 : previous.version() + 1;
    if (version != expected) {
      throw new AssertionError("write of " + name + " acknowledged version " + version + ", expected " + expected);
    }
    acknowledged.put(name, new Ack(version, hostname));
  }

  private static VirtualNodeSpec spec(String hostname) {
    return VirtualNodeSpec.builder()
        .listeners(l -> l.portMapping(p -> p.port(8080).protocol("http")))
        .serviceDiscovery(d -> d.dns(dns -> dns.hostname(hostname)))
        .build();
  }
}
