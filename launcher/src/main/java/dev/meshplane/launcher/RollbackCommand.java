package dev.meshplane.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshplane.launcher.meshclient.MeshApiClient;
import dev.meshplane.launcher.meshclient.MeshplaneApi;
import dev.meshplane.manifests.DeclaredResource;
import dev.meshplane.manifests.apijson.ApiJsonReader;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meshplane rollback --mesh M --to SEQ}: makes the mesh as it was after journal entry SEQ,
 * by new writes (creates, updates, deletes: journaled like any other; history is never rewritten).
 * It is apply with prune of the mesh's as-of view, so it is previewed, ordered and undone on a
 * refusal the same way.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true, description = "Write the changes that return a mesh to its state as of a journal sequence number.")
public final class RollbackCommand extends ApiCommand {
  @Option(names = "--mesh", required = true)
  String mesh;

  @Option(names = "--to", required = true, description = "The journal sequence number to return to (see history).")
  long toSeq;

  @Option(names = "--dry-run", description = "Show the changes, write nothing.")
  boolean dryRun;

  @Override
  int run(MeshApiClient client, PrintWriter out, PrintWriter err) {
    JsonNode asOf = client.meshplane().get("/meshplane/v1/meshes/" + MeshplaneApi.segment(mesh) + "/as-of?seq=" + toSeq);
    List<DeclaredResource> then = ApiJsonReader.read("as-of " + toSeq, asOf).resources();
    if (then.isEmpty()) {
      err.println("error: mesh " + mesh + " did not exist as of " + toSeq + "; delete it instead");
      return 1;
    }
    return ApplyCommand.apply(client, then, true, dryRun, out);
  }
}
