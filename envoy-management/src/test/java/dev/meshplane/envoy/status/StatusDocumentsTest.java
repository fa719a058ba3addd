package dev.meshplane.envoy.status;

import static dev.meshplane.model.ResourceKind.VIRTUAL_GATEWAY;
import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.envoy.node.ProxyTarget;
import dev.meshplane.envoy.node.ProxyVariant;
import dev.meshplane.model.ResourceId;
import io.envoyproxy.controlplane.cache.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The documents written field by field are, to the character, what the Jackson tree the publisher
 * built before made: the API and {@code proxy-config} diff them, and an entry rewritten with other
 * text for the same facts would be a change that is none.
 */
class StatusDocumentsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant AT = Instant.parse("2026-12-02T20:00:00.123456789Z");
  private static final ProxyTarget CLIENT =
      new ProxyTarget(ResourceId.of("demo", VIRTUAL_NODE, "client"), ProxyVariant.SIDECAR);
  private static final ProxyTarget GATEWAY =
      new ProxyTarget(ResourceId.of("demo-2", VIRTUAL_GATEWAY, "ingress-gw"), ProxyVariant.PROXYLESS_GRPC);

  static Stream<StatusDocuments.StreamInputs> streams() {
    TypeState sent = TypeState.NONE.sent("v1", AT);
    String nack = "cluster \"a\\b\" rejected: ünïcödé ✓ \uD83D\uDE80 tab\there\nnewline \u0001 </script>";
    List<StatusDocuments.StreamInputs> inputs = new ArrayList<>();
    inputs.add(stream(CLIENT, Map.of(), Optional.empty()));
    inputs.add(stream(CLIENT, Map.of(Resources.V3.CLUSTER_TYPE_URL, sent), Optional.of(facts(3, true))));
    inputs.add(stream(GATEWAY, Map.of(Resources.V3.CLUSTER_TYPE_URL, sent.acked("v1"),
        Resources.V3.LISTENER_TYPE_URL, sent.nacked(nack)), Optional.of(facts(0, false))));
    Map<String, TypeState> all = new HashMap<>();
    for (String typeUrl : StatusDocuments.TYPE_URLS) {
      all.put(typeUrl, TypeState.NONE.sent("v-" + typeUrl.length(), AT).acked("v-" + typeUrl.length()));
    }
    inputs.add(stream(CLIENT, all, Optional.of(facts(Long.MAX_VALUE, true))));
    inputs.add(stream(CLIENT, Map.of(Resources.V3.ROUTE_TYPE_URL, TypeState.NONE.acked("v0")),
        Optional.of(new StatusDocuments.ManagerFacts(7, Optional.empty(), Optional.empty(),
            Optional.of(Duration.ofNanos(1)), Optional.empty()))));
    inputs.add(stream(CLIENT, Map.of(), Optional.of(new StatusDocuments.ManagerFacts(7, Optional.of("h"),
        Optional.of(AT), Optional.of(Duration.ofSeconds(3600, 250_000_000)), Optional.of(AT)))));
    return inputs.stream();
  }

  @ParameterizedTest
  @MethodSource("streams")
  void aStreamsDocumentIsTheTreesText(StatusDocuments.StreamInputs inputs) throws Exception {
    String written = StatusDocuments.stream("em-\"1\"", inputs);
    String tree = Reference.stream("em-\"1\"", inputs).toString();
    assertThat(written).isEqualTo(tree);
    assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree(tree));
  }

  static Stream<ProxyConfigItem> items() {
    Random random = new Random(7);
    List<ProxyConfigItem> items = new ArrayList<>();
    // Every remainder modulo 3 (padding "", "==", "="), empty, tens of KB, and more than the
    // writer keeps for the next document (it lets go of arrays over 1 Mi).
    for (int length : new int[] {0, 1, 2, 3, 4, 5, 57, 58, 59, 30 * 1024, 30 * 1024 + 1, 100_000, 1_000_000}) {
      byte[] payload = new byte[length];
      random.nextBytes(payload);
      items.add(new ProxyConfigItem(CLIENT.key(), "demo", length, "sha256:" + length, payload, AT));
    }
    return items.stream();
  }

  @ParameterizedTest
  @MethodSource("items")
  void aServedDocumentIsTheTreesText(ProxyConfigItem item) throws Exception {
    // Latin-1 text is made from bytes, other text (a name beyond Latin-1) from chars.
    for (String instance : List.of("em-1", "em-ü", "em-✓ \uD83D\uDE80")) {
      String written = StatusDocuments.served(instance, CLIENT, item);
      assertThat(written).isEqualTo(Reference.served(instance, CLIENT, item).toString());
      assertThat(JSON.readTree(written).path("instance").asText()).isEqualTo(instance);
      assertThat(Base64.getDecoder().decode(JSON.readTree(written).path("payload").asText()))
          .isEqualTo(item.payload());
    }
  }

  private static StatusDocuments.StreamInputs stream(ProxyTarget target, Map<String, TypeState> types,
      Optional<StatusDocuments.ManagerFacts> manager) {
    return new StatusDocuments.StreamInputs(
        new ConnectedStream(42, target, target.key() + "~ü", "envoy 1.34.1", AT, types), manager);
  }

  private static StatusDocuments.ManagerFacts facts(long generation, boolean all) {
    return new StatusDocuments.ManagerFacts(generation, Optional.of("h" + generation),
        all ? Optional.of(AT) : Optional.empty(), all ? Optional.of(Duration.ofMillis(40)) : Optional.empty(),
        all ? Optional.of(AT) : Optional.empty());
  }

  /** The documents as the publisher built them before (trees, then their text): the reference. */
  private static final class Reference {
    static ObjectNode stream(String instance, StatusDocuments.StreamInputs inputs) {
      ConnectedStream stream = inputs.stream();
      ObjectNode doc = proxy(stream.target());
      doc.put("instance", instance);
      doc.put("streamId", stream.streamId());
      doc.put("nodeId", stream.nodeId());
      doc.put("clientVersion", stream.clientVersion());
      doc.put("connectedSince", stream.connectedSince().toString());
      inputs.manager().ifPresent(status -> {
        doc.put("generation", status.generation());
        status.contentHash().ifPresent(hash -> doc.put("contentHash", hash));
        status.journalCommitTime().ifPresent(at -> doc.put("journalCommitTime", at.toString()));
        status.convergence().ifPresent(took -> doc.put("lastConvergenceSeconds", took.toNanos() / 1e9));
        status.convergedAt().ifPresent(at -> doc.put("lastConvergedAt", at.toString()));
      });
      ArrayNode types = doc.putArray("types");
      TypeSync overall = TypeSync.NOT_SENT;
      for (String typeUrl : StatusDocuments.TYPE_URLS) {
        TypeState state = stream.types().getOrDefault(typeUrl, TypeState.NONE);
        ObjectNode type = types.addObject();
        type.put("typeUrl", typeUrl);
        type.put("type", typeUrl.substring(typeUrl.lastIndexOf('.') + 1));
        type.put("status", state.sync().name());
        state.sentVersion().ifPresent(v -> type.put("sentVersion", v));
        state.sentAt().ifPresent(at -> type.put("sentAt", at.toString()));
        state.ackedVersion().ifPresent(v -> type.put("ackedVersion", v));
        state.nackError().ifPresent(error -> type.put("error", error));
        overall = StatusDocuments.worse(overall, state.sync());
      }
      doc.put("status", overall.name());
      return doc;
    }

    static ObjectNode served(String instance, ProxyTarget target, ProxyConfigItem item) {
      ObjectNode doc = proxy(target);
      doc.put("instance", instance);
      doc.put("generation", item.generation());
      doc.put("contentHash", item.contentHash());
      doc.put("journalCommitTime", item.journalCommitTime().toString());
      doc.put("payload", Base64.getEncoder().encodeToString(item.payload()));
      return doc;
    }

    private static ObjectNode proxy(ProxyTarget target) {
      ObjectNode doc = JSON.createObjectNode();
      doc.put("proxy", target.key());
      doc.put("mesh", target.mesh());
      doc.put("kind", target.proxy().kind().apiName());
      doc.put("name", target.proxy().name());
      doc.put("variant", target.variant().name());
      return doc;
    }
  }
}
