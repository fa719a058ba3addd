package dev.meshplane.launcher;

import dev.meshplane.model.AccountScope;

import dev.meshplane.launcher.meshclient.ApplyExecutor;
import dev.meshplane.launcher.meshclient.ApplyPlanner;
import dev.meshplane.launcher.meshclient.Change;
import dev.meshplane.launcher.meshclient.DryRunPreview;
import dev.meshplane.launcher.meshclient.LiveResource;
import dev.meshplane.launcher.meshclient.MeshApiClient;
import dev.meshplane.launcher.meshclient.MeshReader;
import dev.meshplane.manifests.DeclaredResource;
import dev.meshplane.manifests.ManifestContents;
import dev.meshplane.manifests.ManifestFiles;
import dev.meshplane.manifests.cloudformation.TemplateOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meshplane apply -f FILE|DIR}: makes the server hold what CloudFormation templates, App
 * Mesh API JSON or export files declare; exit 0 when applied (or nothing to change), 1 when the
 * files or the server refused, with the file, resource and field path.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = "Apply CloudFormation templates (JSON/YAML, cdk synth output), Kubernetes manifests of the App Mesh controller, App Mesh API JSON and export files to the server.")
public final class ApplyCommand extends ApiCommand {
  @Option(names = {"-f", "--filename"}, required = true, description = "A file or directory (its .json/.yaml/.yml files); repeatable.")
  List<Path> files;

  @Option(names = "--dry-run", description = "Show the changes, write nothing.")
  boolean dryRun;

  @Option(names = "--prune", description = "Delete what the meshes the files name hold and the files no longer declare.")
  boolean prune;

  @Option(names = "--parameter", description = "A CloudFormation parameter value K=V (also LogicalId=V or LogicalId.Attribute=V for a skipped resource); repeatable.")
  Map<String, String> parameters = new LinkedHashMap<>();

  @Option(names = "--account-id", defaultValue = "${env:MESHPLANE_ACCOUNT_ID:-" + AccountScope.DEFAULT_ACCOUNT_ID + "}",
      description = "The account in ARNs a template's Ref/GetAtt Arn yields (default: ${DEFAULT-VALUE}).")
  String accountId;

  @Option(names = "--stack-name", description = "AWS::StackName of the templates (default: each file's name).")
  String stackName;

  @Override
  int run(MeshApiClient client, PrintWriter out, PrintWriter err) {
    String region = api.region != null ? api.region : "us-east-1";
    ManifestContents contents = ManifestFiles.read(files, new TemplateOptions(parameters, region, accountId, stackName));
    contents.skipped().forEach(line -> out.println("skipped " + line));
    return apply(client, contents.resources(), prune, dryRun, out);
  }

  /** Plans and (unless a dry run) performs the changes that make the meshes hold {@code declared}. */
  static int apply(MeshApiClient client, List<DeclaredResource> declared, boolean prune, boolean dryRun, PrintWriter out) {
    MeshReader reader = new MeshReader(client);
    Map<String, List<LiveResource>> live = new LinkedHashMap<>();
    declared.forEach(resource -> live.computeIfAbsent(resource.meshName(), reader::read));
    ApplyPlanner.Plan plan = ApplyPlanner.plan(declared, live, prune);
    if (plan.changes().isEmpty()) {
      out.println("No changes: " + plan.unchanged() + " resource(s) already as declared.");
      return 0;
    }
    if (dryRun) {
      for (Change change : plan.changes()) {
        out.println("would " + change.action().name().toLowerCase() + " " + change.label());
        change.specDiff().forEach(line -> out.println("    " + line));
      }
      DryRunPreview.print(client, plan.changes(), out);
      out.println("Dry run: " + plan.changes().size() + " change(s), " + plan.unchanged() + " unchanged; nothing written.");
      return 0;
    }
    new ApplyExecutor(client, out).execute(plan.changes());
    out.println("Applied " + plan.changes().size() + " change(s), " + plan.unchanged() + " unchanged.");
    return 0;
  }
}
