package dev.meshplane.envoy.status;

import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshplane.configstore.ConfigStoreUnavailableException;
import dev.meshplane.configstore.ProxyStatusEntry;
import dev.meshplane.configstore.ProxyStatusStore;
import dev.meshplane.envoy.actors.ConnectionManager;
import dev.meshplane.envoy.actors.ManifestManager;
import dev.meshplane.envoy.actors.StatusChanges;
import dev.meshplane.envoy.node.ProxyTarget;
import dev.meshplane.envoy.node.ProxyVariant;
import dev.meshplane.model.ResourceId;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A round after a complete one asks no manager and writes no entry while neither a stream nor a
 * manager's facts changed; any such change, or a manager that did not answer, makes the next
 * round a full one again.
 */
class ProxyStatusPublisherTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ProxyTarget CLIENT =
      new ProxyTarget(ResourceId.of("demo", VIRTUAL_NODE, "client"), ProxyVariant.SIDECAR);
  private static final String CDS = Resources.V3.CLUSTER_TYPE_URL;

  private final Clock clock = Clock.fixed(Instant.parse("2026-12-03T08:00:00Z"), java.time.ZoneOffset.UTC);
  private final ProxyStatusBoard board = new ProxyStatusBoard(clock);
  private final StatusChanges managerChanges = new StatusChanges();
  private final RecordingStore store = new RecordingStore();
  private final AtomicInteger asks = new AtomicInteger();
  private final AtomicLong generation = new AtomicLong(1);
  private final AtomicBoolean answering = new AtomicBoolean(true);
  /** Stands in for the connection manager: answers for the one proxy with the current generation. */
  private final ActorSystem<ConnectionManager.Command> connections = ActorSystem.create(
      Behaviors.receiveMessage(command -> {
        if (command instanceof ConnectionManager.GetProxyStatus get) {
          asks.incrementAndGet();
          if (answering.get()) {
            get.replyTo().tell(new ManifestManager.Status(generation.get(), Optional.of("h" + generation.get()),
                Map.of(), Optional.empty(), Optional.empty(), Optional.empty()));
          }
        }
        return Behaviors.same();
      }), "publisher-test");
  private final ProxyStatusPublisher publisher = new ProxyStatusPublisher(store, board, connections, managerChanges,
      ProxyStatusPublisher.Settings.defaults("em-1"), clock);

  @AfterEach
  void stop() {
    connections.terminate();
  }

  @Test
  void anIdleRoundAsksNothingAndWritesOnlyTheHeartbeat() throws Exception {
    board.opened(7, CLIENT, Node.newBuilder().setId(CLIENT.key()).setUserAgentName("envoy").build());
    board.sent(7, CDS, "v1", 100);
    publisher.publish();
    assertThat(asks).hasValue(1);
    assertThat(store.puts).hasSize(1);
    assertThat(sync(store.last())).isEqualTo("STALE");

    publisher.publish();
    publisher.publish();
    assertThat(asks).hasValue(1);
    assertThat(store.puts).hasSize(1);
    assertThat(store.heartbeats).hasValue(3);

    board.acked(7, CDS, "v1");
    publisher.publish();
    assertThat(asks).hasValue(2);
    assertThat(sync(store.last())).isEqualTo("SYNCED");

    generation.set(2);
    managerChanges.changed();
    publisher.publish();
    assertThat(asks).hasValue(3);
    assertThat(JSON.readTree(store.last().document()).path("generation").asLong()).isEqualTo(2);
    publisher.publish();
    assertThat(asks).hasValue(3);
  }

  @Test
  void aRoundAManagerDidNotAnswerIsFollowedByAFullOne() throws Exception {
    board.opened(7, CLIENT, Node.newBuilder().setId(CLIENT.key()).setUserAgentName("envoy").build());
    answering.set(false);
    publisher.publish();
    assertThat(JSON.readTree(store.last().document()).has("generation")).isFalse();

    answering.set(true);
    publisher.publish();
    assertThat(asks).hasValue(2);
    assertThat(JSON.readTree(store.last().document()).path("generation").asLong()).isEqualTo(1);
  }

  @Test
  void aRoundsChangedEntriesGoToTheStoreInOneCall() {
    board.opened(7, CLIENT, Node.newBuilder().setId(CLIENT.key()).build());
    board.opened(8, CLIENT, Node.newBuilder().setId(CLIENT.key()).build());
    publisher.publish();
    assertThat(store.batches).hasSize(1);
    assertThat(store.batches.get(0)).extracting(ProxyStatusEntry::id).containsExactly("stream/7", "stream/8");

    board.closed(7);
    board.closed(8);
    publisher.publish();
    assertThat(store.batches).hasSize(1);
    assertThat(store.deletes).hasSize(1);
    assertThat(store.deletes.get(0)).extracting(ProxyStatusEntry::id).containsExactlyInAnyOrder("stream/7", "stream/8");
  }

  @Test
  void entriesOfAFailedWriteAreWrittenNextRoundEvenWhenBackToWhatWasStoredAndTheRestAreNot() {
    board.opened(7, CLIENT, Node.newBuilder().setId(CLIENT.key()).build());
    board.opened(8, CLIENT, Node.newBuilder().setId(CLIENT.key()).build());
    board.opened(9, CLIENT, Node.newBuilder().setId(CLIENT.key()).build());
    board.sent(7, CDS, "v1", 100);
    board.sent(9, CDS, "v1", 100);
    publisher.publish();
    ProxyStatusEntry stored = store.last();
    assertThat(stored.id()).isEqualTo("stream/9");

    // A write that fails (it may have stored some of its entries), and a stream closing meanwhile.
    board.sent(7, CDS, "v2", 100);
    board.sent(9, CDS, "v2", 100);
    board.closed(8);
    store.failing = true;
    assertThatThrownBy(publisher::publish).isInstanceOf(ConfigStoreUnavailableException.class);

    // Stream 9 is back to what was stored before the failed write: it is written again all the same.
    store.failing = false;
    board.sent(9, CDS, "v1", 100);
    publisher.publish();
    assertThat(store.batches).hasSize(2);
    assertThat(store.batches.get(1)).extracting(ProxyStatusEntry::id).containsExactlyInAnyOrder("stream/7", "stream/9");
    assertThat(store.last().document()).isEqualTo(stored.document());
    assertThat(store.deletes).hasSize(1);
    assertThat(store.deletes.get(0)).extracting(ProxyStatusEntry::id).containsExactly("stream/8");

    board.sent(7, CDS, "v3", 100);
    publisher.publish();
    assertThat(store.batches.get(2)).extracting(ProxyStatusEntry::id).containsExactly("stream/7");
  }

  private static String sync(ProxyStatusEntry entry) throws Exception {
    JsonNode types = JSON.readTree(entry.document()).path("types");
    return types.get(0).path("status").asText();
  }

  private static final class RecordingStore implements ProxyStatusStore {
    final AtomicInteger heartbeats = new AtomicInteger();
    final List<ProxyStatusEntry> puts = new ArrayList<>();
    final List<List<ProxyStatusEntry>> batches = new ArrayList<>();
    final List<List<ProxyStatusEntry>> deletes = new ArrayList<>();
    boolean failing;

    ProxyStatusEntry last() {
      return puts.get(puts.size() - 1);
    }

    @Override
    public void heartbeat(String instance, Instant expiresAt) {
      heartbeats.incrementAndGet();
    }

    @Override
    public void put(ProxyStatusEntry entry) {
      puts.add(entry);
    }

    @Override
    public void delete(ProxyStatusEntry entry) {}

    @Override
    public void putAll(List<ProxyStatusEntry> entries) {
      if (failing) {
        throw new ConfigStoreUnavailableException("failing", null);
      }
      batches.add(entries);
      puts.addAll(entries);
    }

    @Override
    public void deleteAll(List<ProxyStatusEntry> entries) {
      deletes.add(entries);
    }

    @Override
    public List<ProxyStatusEntry> listMesh(String mesh, Instant now) {
      return List.of();
    }

    @Override
    public void removeInstance(String instance) {}

    @Override
    public void close() {}
  }
}
