package dev.meshplane.envoy.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.envoy.actors.ManifestManager;
import dev.meshplane.envoy.node.ProxyTarget;
import io.envoyproxy.controlplane.cache.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The JSON documents the status API serves, made from what this server knows: per stream its
 * client and per type what was sent and answered; per proxy the item served. Shared by the
 * publisher (config store) and kept free of any transport.
 */
public final class StatusDocuments {
  /** The types a proxy can be served, in the order Envoy should apply them (and the table shows them). */
  public static final List<String> TYPE_URLS = List.of(
      Resources.V3.CLUSTER_TYPE_URL, Resources.V3.ENDPOINT_TYPE_URL, Resources.V3.LISTENER_TYPE_URL,
      Resources.V3.ROUTE_TYPE_URL, Resources.V3.SECRET_TYPE_URL);

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusDocuments() {}

  /**
   * What a stream's document is made from: the stream, and what its proxy's manager said when it
   * answered. Compared by value, so an unchanged stream's document need not be made again.
   */
  public record StreamInputs(ConnectedStream stream, Optional<ManagerFacts> manager) {}

  /** The parts of a manager's status a stream's document shows. */
  public record ManagerFacts(long generation, Optional<String> contentHash, Optional<Instant> journalCommitTime,
      Optional<Duration> convergence, Optional<Instant> convergedAt) {
    public static ManagerFacts of(ManifestManager.Status status) {
      return new ManagerFacts(status.generation(), status.contentHash(),
          status.servedItem().map(ProxyConfigItem::journalCommitTime), status.convergence(), status.convergedAt());
    }
  }

  /** One stream's status, from exactly {@code inputs}. */
  public static ObjectNode stream(String instance, StreamInputs inputs) {
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
    for (String typeUrl : TYPE_URLS) {
      TypeState state = stream.types().getOrDefault(typeUrl, TypeState.NONE);
      ObjectNode type = types.addObject();
      type.put("typeUrl", typeUrl);
      type.put("type", typeUrl.substring(typeUrl.lastIndexOf('.') + 1));
      type.put("status", state.sync().name());
      state.sentVersion().ifPresent(v -> type.put("sentVersion", v));
      state.sentAt().ifPresent(at -> type.put("sentAt", at.toString()));
      state.ackedVersion().ifPresent(v -> type.put("ackedVersion", v));
      state.nackError().ifPresent(error -> type.put("error", error));
      overall = worse(overall, state.sync());
    }
    doc.put("status", overall.name());
    return doc;
  }

  /** The item served to a proxy in one variant: what {@code proxy-config} shows and diffs. */
  public static ObjectNode served(String instance, ProxyTarget target, ProxyConfigItem item) {
    ObjectNode doc = proxy(target);
    doc.put("instance", instance);
    doc.put("generation", item.generation());
    doc.put("contentHash", item.contentHash());
    doc.put("journalCommitTime", item.journalCommitTime().toString());
    doc.put("payload", Base64.getEncoder().encodeToString(item.payload()));
    return doc;
  }

  /** NACKED over STALE over SYNCED over NOT_SENT: a proxy is as synced as its least synced type. */
  static TypeSync worse(TypeSync a, TypeSync b) {
    List<TypeSync> order = List.of(TypeSync.NACKED, TypeSync.STALE, TypeSync.SYNCED, TypeSync.NOT_SENT);
    return order.indexOf(a) <= order.indexOf(b) ? a : b;
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
