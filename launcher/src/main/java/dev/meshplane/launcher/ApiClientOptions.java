package dev.meshplane.launcher;

import dev.meshplane.launcher.meshclient.MeshApiClient;
import dev.meshplane.model.AccountScope;
import java.net.URI;
import picocli.CommandLine.Option;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Where and as whom the client commands (apply, export, history, rollback, proxy-status,
 * proxy-config) call the API: signed by the AWS SDK with the default credential chain (or a
 * profile) and region, like the AWS CLI. The server's generated admin key is
 * {@code <data-dir>/admin-credentials}, in the shared credentials file's format.
 */
final class ApiClientOptions {
  @Option(names = {"--endpoint-url", "--endpoint"}, defaultValue = "${env:MESHPLANE_ENDPOINT:-http://127.0.0.1:7080}",
      description = "The Meshplane API (env MESHPLANE_ENDPOINT, default ${DEFAULT-VALUE}).")
  URI endpoint;

  @Option(names = "--region",
      description = "Signing region (default: the AWS SDK's region chain: AWS_REGION, profile; else " + AccountScope.DEFAULT_REGION + ").")
  String region;

  @Option(names = "--profile", description = "A profile of the shared credentials file (default: the SDK's default credential chain).")
  String profile;

  /** The App Mesh operations through the SDK v2 client, and Meshplane's own /meshplane/v1 routes, signed alike. */
  MeshApiClient connect() {
    return MeshApiClient.connect(endpoint, Region.of(signingRegion()), profile);
  }

  private String signingRegion() {
    if (region != null) {
      return region;
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion().id();
    } catch (RuntimeException none) {
      return AccountScope.DEFAULT_REGION;
    }
  }
}
