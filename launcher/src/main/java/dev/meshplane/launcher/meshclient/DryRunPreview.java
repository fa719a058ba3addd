package dev.meshplane.launcher.meshclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.manifests.SdkModelJson;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan previewed by the server ({@code POST /meshplane/v1/meshes/{mesh}/dry-run}, one call per
 * mesh): each write checked as the real one would be, and the Envoy config diff of every proxy it
 * would change, printed resource by resource.
 */
public final class DryRunPreview {
  private DryRunPreview() {}

  /** Prints the proxies' diffs; a refusal is the server's error for the change it names. */
  public static void print(MeshApiClient client, List<Change> changes, PrintWriter out) {
    Map<String, ArrayNode> byMesh = new LinkedHashMap<>();
    for (Change change : changes) {
      ObjectNode item = SdkModelJson.JSON.createObjectNode();
      item.put("operation", change.operation());
      item.set("input", change.input());
      byMesh.computeIfAbsent(change.subject().meshName(), m -> SdkModelJson.JSON.createArrayNode()).add(item);
    }
    for (Map.Entry<String, ArrayNode> mesh : byMesh.entrySet()) {
      ObjectNode request = SdkModelJson.JSON.createObjectNode();
      request.set("changes", mesh.getValue());
      JsonNode result = client.meshplane().post("/meshplane/v1/meshes/" + MeshplaneApi.segment(mesh.getKey()) + "/dry-run", request);
      JsonNode proxies = result.path("proxies");
      out.println("Proxies of mesh " + mesh.getKey() + " whose config would change: " + proxies.size());
      for (JsonNode proxy : proxies) {
        out.println("  " + proxy.get("proxy").asText() + " (" + proxy.get("status").asText() + ")");
        proxy.path("added").forEach(r -> out.println("    + " + r.get("resource").asText()));
        proxy.path("removed").forEach(r -> out.println("    - " + r.get("resource").asText()));
        for (JsonNode changed : proxy.path("changed")) {
          out.println("    ~ " + changed.get("resource").asText());
          changed.path("diff").forEach(line -> out.println("        " + line.asText()));
        }
        proxy.path("violations").forEach(v -> out.println("    ! the transformer would refuse it and keep the last good config: " + v.asText()));
      }
    }
  }
}
