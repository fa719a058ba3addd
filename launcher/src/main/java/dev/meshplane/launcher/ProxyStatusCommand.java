package dev.meshplane.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code meshplane proxy-status [--mesh M]}: every connected proxy's sync status, as a table. */
@Command(name = "proxy-status", mixinStandardHelpOptions = true,
    description = "Shows each connected proxy's xDS status per type (SYNCED / STALE / NACKED / NOT SENT),"
        + " like istioctl proxy-status; NACK errors follow the table.")
public final class ProxyStatusCommand implements Callable<Integer> {
  @Mixin ApiClientOptions api;

  @Option(names = "--mesh", description = "Only this mesh (default: every mesh the caller may list).")
  String mesh;

  @Override
  public Integer call() {
    SignedApiClient client = api.client();
    try {
      List<JsonNode> proxies = new ArrayList<>();
      for (String name : mesh == null ? meshes(client) : List.of(mesh)) {
        client.get("/meshplane/v1/meshes/" + SignedApiClient.segment(name) + "/proxies").path("proxies")
            .forEach(proxies::add);
      }
      System.out.println(ProxyStatusTable.render(proxies));
      return 0;
    } catch (SignedApiClient.ApiError e) {
      System.err.println("proxy-status: " + e.getMessage());
      return 1;
    }
  }

  /** The meshes ListMeshes shows the caller, every page. */
  static List<String> meshes(SignedApiClient client) {
    List<String> names = new ArrayList<>();
    String token = null;
    do {
      JsonNode page = client.get("/v20190125/meshes"
          + (token == null ? "" : "?nextToken=" + SignedApiClient.segment(token)));
      page.path("meshes").forEach(m -> names.add(m.path("meshName").asText()));
      token = page.hasNonNull("nextToken") ? page.path("nextToken").asText() : null;
    } while (token != null);
    return names;
  }
}
