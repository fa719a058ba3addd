package dev.meshplane.launcher;

import dev.meshplane.launcher.meshclient.LiveResource;
import dev.meshplane.launcher.meshclient.MeshApiClient;
import dev.meshplane.launcher.meshclient.MeshReader;
import dev.meshplane.manifests.apijson.ApiJsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshplane export --mesh M}: every resource of a mesh as App Mesh API JSON (each the
 * {@code --cli-input-json} of its create, with its tags) in creation order, which {@code apply}
 * reads back.
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Write a mesh's resources as App Mesh API JSON that apply reads back.")
public final class ExportCommand implements Callable<Integer> {
  @Option(names = "--mesh", required = true, description = "The mesh to export.")
  String mesh;

  @Option(names = {"-o", "--output"}, description = "The file to write (default: standard output).")
  Path output;

  @Mixin
  ApiClientOptions api;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    try (MeshApiClient client = api.connect()) {
      var resources = new MeshReader(client).read(mesh);
      if (resources.isEmpty()) {
        spec.commandLine().getErr().println("error: mesh " + mesh + " does not exist");
        return 1;
      }
      String document = ApiJsonWriter.exportDocument(resources.stream().map(LiveResource::resource).toList()).toPrettyString() + "\n";
      if (output == null) {
        spec.commandLine().getOut().print(document);
        spec.commandLine().getOut().flush();
      } else {
        Files.writeString(output, document, StandardCharsets.UTF_8);
      }
      return 0;
    }
  }
}
