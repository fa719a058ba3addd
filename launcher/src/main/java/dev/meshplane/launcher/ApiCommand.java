package dev.meshplane.launcher;

import dev.meshplane.launcher.meshclient.ApplyExecutor;
import dev.meshplane.launcher.meshclient.MeshApiClient;
import dev.meshplane.launcher.meshclient.MeshplaneApi;
import dev.meshplane.manifests.ManifestException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A client command of the App Mesh API (apply, export, history, rollback): connects as
 * {@link ApiClientOptions} say, runs, and turns a refusal (by the files, the server or an undone
 * apply) into {@code error: ...} and exit code 1.
 */
abstract class ApiCommand implements Callable<Integer> {
  @Mixin
  ApiClientOptions api;

  @Spec
  CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    try (MeshApiClient client = api.connect()) {
      return run(client, spec.commandLine().getOut(), err);
    } catch (ManifestException | ApplyExecutor.ApplyRefused | MeshplaneApi.Refused e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  /** The command's work: the exit code, or a refusal thrown. */
  abstract int run(MeshApiClient client, PrintWriter out, PrintWriter err) throws Exception;
}
