package dev.meshplane.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshplane.launcher.meshclient.MeshApiClient;
import dev.meshplane.launcher.meshclient.MeshplaneApi;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meshplane proxy-status [--mesh M]}: every connected proxy's sync status, as a table. */
@Command(name = "proxy-status", mixinStandardHelpOptions = true,
    description = "Shows each connected proxy's xDS status per type (SYNCED / STALE / NACKED / NOT SENT),"
        + " like istioctl proxy-status; NACK errors follow the table.")
public final class ProxyStatusCommand extends ApiCommand {
  @Option(names = "--mesh", description = "Only this mesh (default: every mesh the caller may list).")
  String mesh;

  @Override
  int run(MeshApiClient connection, PrintWriter out, PrintWriter err) {
    MeshplaneApi client = connection.meshplane();
    List<JsonNode> proxies = new ArrayList<>();
    for (String name : mesh == null ? meshes(client) : List.of(mesh)) {
      client.get("/meshplane/v1/meshes/" + MeshplaneApi.segment(name) + "/proxies").path("proxies")
          .forEach(proxies::add);
    }
    out.println(ProxyStatusTable.render(proxies));
    return 0;
  }

  /** The meshes ListMeshes shows the caller, every page. */
  static List<String> meshes(MeshplaneApi client) {
    List<String> names = new ArrayList<>();
    String token = null;
    do {
      JsonNode page = client.get("/v20190125/meshes"
          + (token == null ? "" : "?nextToken=" + MeshplaneApi.segment(token)));
      page.path("meshes").forEach(m -> names.add(m.path("meshName").asText()));
      token = page.hasNonNull("nextToken") ? page.path("nextToken").asText() : null;
    } while (token != null);
    return names;
  }
}
