package dev.meshplane.launcher;

import dev.meshplane.launcher.meshclient.LiveResource;
import dev.meshplane.launcher.meshclient.MeshApiClient;
import dev.meshplane.launcher.meshclient.MeshReader;
import dev.meshplane.manifests.apijson.ApiJsonWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meshplane export --mesh M}: every resource of a mesh as App Mesh API JSON (each the
 * {@code --cli-input-json} of its create, with its tags) in creation order, which {@code apply}
 * reads back.
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Write a mesh's resources as App Mesh API JSON that apply reads back.")
public final class ExportCommand extends ApiCommand {
  @Option(names = "--mesh", required = true, description = "The mesh to export.")
  String mesh;

  @Option(names = {"-o", "--output"}, description = "The file to write (default: standard output).")
  Path output;

  @Override
  int run(MeshApiClient client, PrintWriter out, PrintWriter err) throws IOException {
    var resources = new MeshReader(client).read(mesh);
    if (resources.isEmpty()) {
      err.println("error: mesh " + mesh + " does not exist");
      return 1;
    }
    String document = ApiJsonWriter.exportDocument(resources.stream().map(LiveResource::resource).toList()).toPrettyString() + "\n";
    if (output == null) {
      out.print(document);
      out.flush();
    } else {
      Files.writeString(output, document, StandardCharsets.UTF_8);
    }
    return 0;
  }
}
