package dev.meshplane.envoy.status;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.envoy.actors.ManifestManager;
import dev.meshplane.envoy.node.ProxyTarget;
import io.envoyproxy.controlplane.cache.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
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

  /**
   * Documents are written field by field straight to text: a served one holds a payload of tens of
   * KB, and building a tree of it first, then its text (scanning the Base64 for chars to escape),
   * cost a round more CPU than the rest of the round.
   */
  private static final JsonFactory JSON = new JsonFactory();
  private static final ThreadLocal<DocumentWriter> WRITERS = ThreadLocal.withInitial(DocumentWriter::new);

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

  /** One stream's status, from exactly {@code inputs}, as JSON text. */
  public static String stream(String instance, StreamInputs inputs) {
    ConnectedStream stream = inputs.stream();
    return write(256 + 256 * TYPE_URLS.size(), doc -> {
      proxy(doc, stream.target());
      doc.writeStringField("instance", instance);
      doc.writeNumberField("streamId", stream.streamId());
      doc.writeStringField("nodeId", stream.nodeId());
      doc.writeStringField("clientVersion", stream.clientVersion());
      doc.writeStringField("connectedSince", stream.connectedSince().toString());
      if (inputs.manager().isPresent()) {
        ManagerFacts status = inputs.manager().get();
        doc.writeNumberField("generation", status.generation());
        optional(doc, "contentHash", status.contentHash());
        optional(doc, "journalCommitTime", status.journalCommitTime().map(Instant::toString));
        if (status.convergence().isPresent()) {
          doc.writeNumberField("lastConvergenceSeconds", status.convergence().get().toNanos() / 1e9);
        }
        optional(doc, "lastConvergedAt", status.convergedAt().map(Instant::toString));
      }
      doc.writeArrayFieldStart("types");
      TypeSync overall = TypeSync.NOT_SENT;
      for (String typeUrl : TYPE_URLS) {
        TypeState state = stream.types().getOrDefault(typeUrl, TypeState.NONE);
        doc.writeStartObject();
        doc.writeStringField("typeUrl", typeUrl);
        doc.writeStringField("type", typeUrl.substring(typeUrl.lastIndexOf('.') + 1));
        doc.writeStringField("status", state.sync().name());
        optional(doc, "sentVersion", state.sentVersion());
        optional(doc, "sentAt", state.sentAt().map(Instant::toString));
        optional(doc, "ackedVersion", state.ackedVersion());
        optional(doc, "error", state.nackError());
        doc.writeEndObject();
        overall = worse(overall, state.sync());
      }
      doc.writeEndArray();
      doc.writeStringField("status", overall.name());
    }).text();
  }

  /**
   * The item served to a proxy in one variant, as JSON text: what {@code proxy-config} shows and
   * diffs. The payload (tens of KB) goes into the text as {@link java.util.Base64#getEncoder()}
   * encodes it, spliced into the empty string the generator wrote for it: Base64 needs no escaping,
   * and the JDK's encoder is many times faster than the generator's {@code writeBinary}.
   */
  public static String served(String instance, ProxyTarget target, ProxyConfigItem item) {
    DocumentWriter text = write(512, doc -> {
      proxy(doc, target);
      doc.writeStringField("instance", instance);
      doc.writeNumberField("generation", item.generation());
      doc.writeStringField("contentHash", item.contentHash());
      doc.writeStringField("journalCommitTime", item.journalCommitTime().toString());
      doc.writeStringField("payload", "");
    });
    // Between the quotes of the empty string: the generator ends the document with it and the '}'.
    return text.textWithBase64(text.length() - 2, item.payload());
  }

  /** NACKED over STALE over SYNCED over NOT_SENT: a proxy is as synced as its least synced type. */
  static TypeSync worse(TypeSync a, TypeSync b) {
    List<TypeSync> order = List.of(TypeSync.NACKED, TypeSync.STALE, TypeSync.SYNCED, TypeSync.NOT_SENT);
    return order.indexOf(a) <= order.indexOf(b) ? a : b;
  }

  private interface Fields {
    void write(JsonGenerator doc) throws IOException;
  }

  /** One object written by {@code fields} into a writer of about {@code sizeHint} chars, whose text it then is. */
  private static DocumentWriter write(int sizeHint, Fields fields) {
    DocumentWriter text = WRITERS.get().start(sizeHint);
    try (JsonGenerator doc = JSON.createGenerator(text)) {
      doc.writeStartObject();
      fields.write(doc);
      doc.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory does not fail", e);
    }
    return text;
  }

  private static void proxy(JsonGenerator doc, ProxyTarget target) throws IOException {
    doc.writeStringField("proxy", target.key());
    doc.writeStringField("mesh", target.mesh());
    doc.writeStringField("kind", target.proxy().kind().apiName());
    doc.writeStringField("name", target.proxy().name());
    doc.writeStringField("variant", target.variant().name());
  }

  private static void optional(JsonGenerator doc, String field, Optional<String> value) throws IOException {
    if (value.isPresent()) {
      doc.writeStringField(field, value.get());
    }
  }
}
