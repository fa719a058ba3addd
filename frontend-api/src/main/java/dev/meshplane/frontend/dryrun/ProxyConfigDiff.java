package dev.meshplane.frontend.dryrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.model.JsonDiff;
import dev.meshplane.proxyconfig.EnvoyJson;
import dev.meshplane.proxyconfig.StoredProxyConfigCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The difference of two stored configs of one proxy, resource by resource: for each variant
 * (sidecar, proxyless gRPC) and type (listeners, clusters, ...), the resources added, removed and
 * changed (by name), each with its Envoy JSON before and after and a readable diff.
 */
public final class ProxyConfigDiff {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProxyConfigDiff() {}

  /** Null when the payloads are the same bytes: the transformer would write nothing. */
  public static ObjectNode of(String proxy, byte[] before, byte[] after) {
    if (before != null && after != null && Arrays.equals(before, after)) {
      return null;
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("proxy", proxy);
    out.put("status", before == null ? "added" : after == null ? "removed" : "changed");
    Map<String, JsonNode> was = resources(before);
    Map<String, JsonNode> is = resources(after);
    ArrayNode added = out.putArray("added");
    ArrayNode removed = out.putArray("removed");
    ArrayNode changed = out.putArray("changed");
    TreeSet<String> ids = new TreeSet<>(was.keySet());
    ids.addAll(is.keySet());
    for (String id : ids) {
      JsonNode old = was.get(id);
      JsonNode now = is.get(id);
      if (old == null) {
        added.addObject().put("resource", id).set("after", now);
      } else if (now == null) {
        removed.addObject().put("resource", id).set("before", old);
      } else if (!old.equals(now)) {
        ObjectNode change = changed.addObject().put("resource", id);
        change.set("before", old);
        change.set("after", now);
        ArrayNode diff = change.putArray("diff");
        JsonDiff.lines(old, now, "").forEach(diff::add);
      }
    }
    return out;
  }

  /** {@code sidecar/listeners/<name>} to the resource's Envoy JSON. */
  static Map<String, JsonNode> resources(byte[] payload) {
    Map<String, JsonNode> resources = new LinkedHashMap<>();
    if (payload == null) {
      return resources;
    }
    JsonNode config = parse(EnvoyJson.print(StoredProxyConfigCodec.decode(payload)));
    for (Iterator<Map.Entry<String, JsonNode>> variants = config.fields(); variants.hasNext(); ) {
      Map.Entry<String, JsonNode> variant = variants.next();
      if (!variant.getValue().isObject()) {
        continue;
      }
      for (Iterator<Map.Entry<String, JsonNode>> types = variant.getValue().fields(); types.hasNext(); ) {
        Map.Entry<String, JsonNode> type = types.next();
        String prefix = variant.getKey() + "/" + type.getKey() + "/";
        if (type.getValue().isArray()) {
          int index = 0;
          for (JsonNode resource : type.getValue()) {
            String name = resource.path("name").asText(resource.path("clusterName").asText(Integer.toString(index)));
            resources.put(prefix + name, resource);
            index++;
          }
        } else {
          resources.put(variant.getKey() + "/" + type.getKey(), type.getValue());
        }
      }
    }
    return resources;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
