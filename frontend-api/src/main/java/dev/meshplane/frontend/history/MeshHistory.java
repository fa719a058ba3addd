package dev.meshplane.frontend.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.manifests.DeclaredResource;
import dev.meshplane.manifests.KindOrder;
import dev.meshplane.manifests.apijson.ApiJsonWriter;
import dev.meshplane.model.Arns;
import dev.meshplane.model.JsonDiff;
import dev.meshplane.model.ResourceId;
import dev.meshplane.store.JournalEntry;
import dev.meshplane.store.JournaledStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A mesh's history and its state as of a point, both read from the journal (every acknowledged
 * write, with its principal, in commit order). Each entry's spec diff is against the resource's
 * previous entry, so the mesh's journal is read from its start: the cost grows with the mesh's
 * history, not with the page.
 */
public final class MeshHistory {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int READ_PAGE = 1000;
  private final JournaledStore store;
  private final String region;
  private final String accountId;

  public MeshHistory(JournaledStore store, String region, String accountId) {
    this.store = store;
    this.region = region;
    this.accountId = accountId;
  }

  /** One page of the mesh's history: {@code entries} and, when more match, {@code nextAfterSeq}. */
  public ObjectNode history(String mesh, HistoryQuery query) {
    ObjectNode page = JSON.createObjectNode();
    ArrayNode entries = page.putArray("entries");
    Map<String, JsonNode> previous = new HashMap<>();
    long last = 0;
    boolean more = false;
    for (long after = 0; ; ) {
      List<JournalEntry> read = store.journalOfMesh(mesh, after, READ_PAGE);
      for (JournalEntry entry : read) {
        JsonNode body = body(entry);
        JsonNode before = previous.get(entry.id().key());
        previous.put(entry.id().key(), entry.operation() == JournalEntry.Operation.DELETE ? null : body);
        if (entry.seq() <= query.afterSeq() || !matches(query).test(entry)) {
          continue;
        }
        if (entries.size() == query.limit()) {
          more = true;
          break;
        }
        entries.add(describe(entry, before, body));
        last = entry.seq();
      }
      if (more || read.size() < READ_PAGE) {
        break;
      }
      after = read.get(read.size() - 1).seq();
    }
    if (more) {
      page.put("nextAfterSeq", last);
    }
    return page;
  }

  /**
   * The mesh as it was after journal entry {@code seq} (or the last entry at or before {@code time}
   * when {@code seq} is null): an export document of its resources, which apply reads back.
   */
  public ObjectNode asOf(String mesh, Long seq, Instant time) {
    Map<String, JournalEntry> state = new LinkedHashMap<>();
    long reached = 0;
    outer:
    for (long after = 0; ; ) {
      List<JournalEntry> read = store.journalOfMesh(mesh, after, READ_PAGE);
      for (JournalEntry entry : read) {
        if (seq != null ? entry.seq() > seq : entry.at().isAfter(time)) {
          break outer;
        }
        reached = entry.seq();
        if (entry.operation() == JournalEntry.Operation.DELETE) {
          state.remove(entry.id().key());
        } else {
          state.put(entry.id().key(), entry);
        }
      }
      if (read.size() < READ_PAGE) {
        break;
      }
      after = read.get(read.size() - 1).seq();
    }
    List<DeclaredResource> resources = new ArrayList<>();
    for (JournalEntry entry : state.values()) {
      JsonNode body = body(entry);
      Map<String, String> tags = new LinkedHashMap<>();
      body.path("tags").forEach(tag -> tags.put(tag.path("key").asText(), tag.path("value").asText("")));
      ResourceId id = entry.id();
      resources.add(new DeclaredResource(id.kind(), id.mesh(), id.parentName(), id.name(), null,
          body.path("spec").isObject() ? (ObjectNode) body.get("spec") : JSON.createObjectNode(), tags,
          "journal#" + entry.seq()));
    }
    resources.sort(Comparator.comparing(DeclaredResource::kind, KindOrder.creation()));
    ObjectNode document = ApiJsonWriter.exportDocument(resources);
    document.put("mesh", mesh);
    document.put("asOfSeq", reached);
    return document;
  }

  private static Predicate<JournalEntry> matches(HistoryQuery query) {
    return entry -> (query.resourceKey() == null || query.resourceKey().equals(entry.id().key()))
        && (query.principal() == null || query.principal().equals(entry.principal()))
        && (query.since() == null || !entry.at().isBefore(query.since()))
        && (query.until() == null || !entry.at().isAfter(query.until()));
  }

  private ObjectNode describe(JournalEntry entry, JsonNode before, JsonNode body) {
    ObjectNode out = JSON.createObjectNode();
    out.put("seq", entry.seq());
    out.put("time", entry.at().toString());
    out.put("principal", entry.principal());
    out.put("operation", entry.operation().name());
    out.put("resource", entry.id().key());
    out.put("arn", Arns.arn(region, accountId, entry.id()));
    out.put("version", entry.version());
    JsonNode after = entry.operation() == JournalEntry.Operation.DELETE ? null : body;
    ArrayNode diff = out.putArray("diff");
    JsonDiff.lines(before == null ? null : before.get("spec"), after == null ? null : after.get("spec"), "spec").forEach(diff::add);
    JsonDiff.lines(before == null ? null : before.get("tags"), after == null ? null : after.get("tags"), "tags").forEach(diff::add);
    return out;
  }

  private static JsonNode body(JournalEntry entry) {
    try {
      return JSON.readTree(entry.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
