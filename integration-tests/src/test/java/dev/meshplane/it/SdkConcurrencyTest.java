package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.JournalEntry;
import dev.meshplane.store.JournaledStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.appmesh.AppMeshClient;

/**
 * 32 SDK clients, each signing as its own principal of an IAM file, update the same few routes at
 * once. Every acknowledged update must own a distinct version (two concurrent updates never both
 * win), no update is lost, and the journal holds exactly one entry per acknowledged write, in
 * order, naming the principal of the client that made it.
 */
class SdkConcurrencyTest {
  private static final int CLIENTS = 32;
  private static final int UPDATES_PER_CLIENT = 8;
  private static final List<String> ROUTES = List.of("r0", "r1", "r2");

  @TempDir Path dataDir;
  @TempDir Path iamDir;

  /** The embedded default; {@link PostgresSdkConcurrencyTest} runs the same test on PostgreSQL. */
  RunningServer newServer(Path dataDir, Map<String, Object> extra) {
    return RunningServer.onSqlite(dataDir, extra);
  }

  @Test
  void concurrentUpdatesAreSerializedAndJournaled() throws Exception {
    Path iamFile = Files.writeString(iamDir.resolve("iam.json"), iam());
    try (RunningServer server = newServer(dataDir, Map.of("meshplane.iam-file", iamFile.toString()));
        AppMeshClient setup = server.client()) {
      setup.createMesh(r -> r.meshName("busy"));
      setup.createVirtualNode(r -> r.meshName("busy").virtualNodeName("n").spec(s -> {}));
      setup.createVirtualRouter(r -> r.meshName("busy").virtualRouterName("vr")
          .spec(s -> s.listeners(l -> l.portMapping(p -> p.port(80).protocol("http")))));
      for (String route : ROUTES) {
        setup.createRoute(r -> r.meshName("busy").virtualRouterName("vr").routeName(route).spec(routeSpec(1)));
      }
      long setupWrites = 3 + ROUTES.size();

      Map<String, ConcurrentLinkedQueue<Long>> acknowledged = new ConcurrentHashMap<>();
      ROUTES.forEach(route -> acknowledged.put(route, new ConcurrentLinkedQueue<>()));
      // Who wrote each acknowledged version: "route@version" -> the writing client's principal ARN.
      Map<String, String> writers = new ConcurrentHashMap<>();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int clientIndex = c;
        clients.add(pool.submit(() -> {
          try (AppMeshClient client = server.client(key(clientIndex))) {
            for (int i = 0; i < UPDATES_PER_CLIENT; i++) {
              String route = ROUTES.get((clientIndex + i) % ROUTES.size());
              int weight = 1 + (clientIndex * UPDATES_PER_CLIENT + i) % 100;
              long version = client.updateRoute(r -> r.meshName("busy").virtualRouterName("vr").routeName(route)
                  .spec(routeSpec(weight))).route().metadata().version();
              acknowledged.get(route).add(version);
              writers.put(route + "@" + version, principalArn(clientIndex));
            }
          }
          return null;
        }));
      }
      for (Future<?> client : clients) {
        client.get(3, TimeUnit.MINUTES);
      }
      pool.shutdown();

      long totalUpdates = 0;
      for (String route : ROUTES) {
        List<Long> versions = new ArrayList<>(acknowledged.get(route));
        totalUpdates += versions.size();
        assertThat(versions).as("versions acknowledged for %s", route).doesNotHaveDuplicates();
        long stored = server.bean(JournaledStore.class)
            .get(ResourceId.child("busy", ResourceKind.ROUTE, "vr", route)).orElseThrow().version();
        assertThat(stored).as("no lost update on %s", route).isEqualTo(1 + versions.size());
        assertThat(versions).allMatch(v -> v >= 2 && v <= stored);
      }
      assertThat(totalUpdates).isEqualTo((long) CLIENTS * UPDATES_PER_CLIENT);

      List<JournalEntry> journal = server.bean(JournaledStore.class).journalAfter(0, 100_000);
      assertThat(journal).hasSize((int) (setupWrites + totalUpdates));
      for (int i = 0; i < journal.size(); i++) {
        assertThat(journal.get(i).seq()).isEqualTo(i + 1);
      }
      List<JournalEntry> updates =
          journal.stream().filter(e -> e.operation() == JournalEntry.Operation.UPDATE).toList();
      assertThat(updates).hasSize((int) totalUpdates);
      for (JournalEntry update : updates) {
        assertThat(update.principal()).as("principal of %s v%d", update.id().name(), update.version())
            .isEqualTo(writers.get(update.id().name() + "@" + update.version()));
      }
      assertThat(updates).extracting(JournalEntry::principal).doesNotContain(RunningServer.ADMIN_ARN)
          .containsAll(IntStream.range(0, CLIENTS).mapToObj(SdkConcurrencyTest::principalArn).toList());
      for (String route : ROUTES) {
        List<Long> journalVersions = journal.stream()
            .filter(e -> e.id().equals(ResourceId.child("busy", ResourceKind.ROUTE, "vr", route)))
            .map(JournalEntry::version).toList();
        assertThat(journalVersions).as("journal versions of %s in order", route).isSorted().doesNotHaveDuplicates();
      }
    }
  }

  /** The admin (who sets the mesh up) and one principal per client with its own key, all allowed everything. */
  private static String iam() {
    List<String> principals = new ArrayList<>();
    principals.add(principal("admin", RunningServer.ADMIN));
    for (int c = 0; c < CLIENTS; c++) {
      principals.add(principal(principalName(c), key(c)));
    }
    return "{\"principals\": [" + String.join(",\n", principals) + "]}";
  }

  private static String principal(String name, AwsBasicCredentials key) {
    return """
        {"name": "%s", "accessKeys": [{"id": "%s", "secret": "%s"}],
         "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}]}"""
        .formatted(name, key.accessKeyId(), key.secretAccessKey());
  }

  private static String principalName(int client) {
    return "client-%02d".formatted(client);
  }

  private static String principalArn(int client) {
    return "arn:aws:iam::" + RunningServer.ACCOUNT + ":user/" + principalName(client);
  }

  private static AwsBasicCredentials key(int client) {
    return AwsBasicCredentials.create("AKIACLIENT%010d".formatted(client), "client-%02d-secret-0123456789".formatted(client));
  }

  private static java.util.function.Consumer<software.amazon.awssdk.services.appmesh.model.RouteSpec.Builder> routeSpec(int weight) {
    return s -> s.httpRoute(h -> h.match(m -> m.prefix("/"))
        .action(a -> a.weightedTargets(t -> t.virtualNode("n").weight(weight))));
  }
}
