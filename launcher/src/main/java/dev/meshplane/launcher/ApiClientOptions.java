package dev.meshplane.launcher;

import dev.meshplane.launcher.meshclient.MeshApiClient;
import java.net.URI;
import picocli.CommandLine.Option;

/**
 * Where and as whom the client commands (apply, export, history, rollback) call the App Mesh API:
 * signed by the AWS SDK with the default credential chain (or a profile) and region, like the AWS CLI.
 */
final class ApiClientOptions {
  @Option(names = "--endpoint-url", defaultValue = "http://127.0.0.1:7080", description = "The Meshplane API (default: ${DEFAULT-VALUE}).")
  URI endpoint;

  @Option(names = "--region", description = "Signing region (default: the AWS SDK's region chain: AWS_REGION, profile).")
  String region;

  @Option(names = "--profile", description = "A profile of the shared credentials file (default: the SDK's default credential chain).")
  String profile;

  MeshApiClient connect() {
    return MeshApiClient.connect(endpoint, region, profile);
  }
}
