package dev.meshplane.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxies of the status API as a text table, one row per stream, like {@code istioctl
 * proxy-status}: the per-type columns say SYNCED / STALE / NACKED / NOT SENT; the NACKs' errors
 * follow the table.
 */
final class ProxyStatusTable {
  private static final List<String> TYPES = List.of("Cluster", "ClusterLoadAssignment", "Listener",
      "RouteConfiguration", "Secret");
  private static final List<String> HEADER = List.of("NAME", "MESH", "VARIANT", "INSTANCE", "CDS", "EDS", "LDS", "RDS",
      "SDS", "GENERATION", "CONVERGED", "CLIENT");

  private ProxyStatusTable() {}

  static String render(List<JsonNode> proxies) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    List<String> errors = new ArrayList<>();
    for (JsonNode proxy : proxies) {
      List<String> row = new ArrayList<>();
      String kind = proxy.path("kind").asText();
      // VirtualNode → virtualNode, as App Mesh's paths and ARNs spell it.
      String name = (kind.isEmpty() ? kind : Character.toLowerCase(kind.charAt(0)) + kind.substring(1))
          + "/" + proxy.path("name").asText();
      row.add(name);
      row.add(proxy.path("mesh").asText());
      row.add(proxy.path("variant").asText());
      row.add(proxy.path("instance").asText() + "#" + proxy.path("streamId").asText());
      for (String type : TYPES) {
        JsonNode state = typeState(proxy, type);
        String status = state.path("status").asText("NOT_SENT").replace('_', ' ');
        row.add(status);
        if (state.has("error")) {
          errors.add(name + " (" + proxy.path("instance").asText() + "#" + proxy.path("streamId").asText() + ") "
              + type + " NACKED: " + state.path("error").asText());
        }
      }
      row.add(proxy.has("generation") ? proxy.path("generation").asText() : "-");
      row.add(proxy.has("lastConvergenceSeconds")
          ? String.format(java.util.Locale.ROOT, "%.3fs", proxy.path("lastConvergenceSeconds").asDouble()) : "-");
      row.add(proxy.path("clientVersion").asText());
      rows.add(row);
    }
    StringBuilder out = new StringBuilder(columns(rows));
    errors.forEach(error -> out.append('\n').append(error));
    return out.toString();
  }

  private static JsonNode typeState(JsonNode proxy, String type) {
    for (JsonNode state : proxy.path("types")) {
      if (state.path("type").asText().equals(type)) {
        return state;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static String columns(List<List<String>> rows) {
    int[] widths = new int[HEADER.size()];
    rows.forEach(row -> {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    });
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString().stripTrailing();
  }
}
