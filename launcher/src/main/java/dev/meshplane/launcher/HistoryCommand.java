package dev.meshplane.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshplane.launcher.meshclient.MeshApiClient;
import dev.meshplane.launcher.meshclient.MeshplaneApi;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meshplane history --mesh M}: who changed what in a mesh, from the journal, with spec diffs. */
@Command(name = "history", mixinStandardHelpOptions = true, description = "Show a mesh's changes: sequence, time, principal, operation, resource, version, diff.")
public final class HistoryCommand extends ApiCommand {
  @Option(names = "--mesh", required = true)
  String mesh;

  @Option(names = "--resource", description = "Only this resource: its ARN or key (mesh/m/virtualNode/n).")
  String resource;

  @Option(names = "--principal", description = "Only changes by this IAM ARN.")
  String principal;

  @Option(names = "--since", description = "Only changes at or after this ISO-8601 time.")
  String since;

  @Option(names = "--until", description = "Only changes at or before this ISO-8601 time.")
  String until;

  @Override
  int run(MeshApiClient client, PrintWriter out, PrintWriter err) {
    long after = 0;
    while (true) {
      JsonNode page = client.meshplane().get("/meshplane/v1/meshes/" + MeshplaneApi.segment(mesh) + "/history?afterSeq=" + after
          + param("resource", resource) + param("principal", principal) + param("since", since) + param("until", until));
      for (JsonNode entry : page.path("entries")) {
        out.printf("%d  %s  %s  %s %s  version %d%n", entry.get("seq").asLong(), entry.get("time").asText(),
            entry.get("principal").asText(), entry.get("operation").asText(), entry.get("resource").asText(), entry.get("version").asLong());
        entry.path("diff").forEach(line -> out.println("    " + line.asText()));
      }
      if (!page.has("nextAfterSeq")) {
        return 0;
      }
      after = page.get("nextAfterSeq").asLong();
    }
  }

  private static String param(String name, String value) {
    return value == null ? "" : "&" + name + "=" + MeshplaneApi.segment(value);
  }
}
