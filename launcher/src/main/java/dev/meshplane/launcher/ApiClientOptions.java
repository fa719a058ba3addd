package dev.meshplane.launcher;

import java.net.URI;
import picocli.CommandLine.Option;

/**
 * Where the client commands find the API and how they sign: the endpoint, the region of the SigV4
 * scope and an AWS profile (else the default credential chain: {@code AWS_ACCESS_KEY_ID} /
 * {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SHARED_CREDENTIALS_FILE}, ...; the server's generated
 * admin key is {@code <data-dir>/admin-credentials}, in that file's format).
 */
final class ApiClientOptions {
  @Option(names = "--endpoint", defaultValue = "${env:MESHPLANE_ENDPOINT:-http://127.0.0.1:7080}",
      description = "The Meshplane API (env MESHPLANE_ENDPOINT, default ${DEFAULT-VALUE}).")
  URI endpoint;

  @Option(names = "--region", defaultValue = "${env:MESHPLANE_REGION:-us-west-2}",
      description = "Region of the SigV4 signature (env MESHPLANE_REGION, default ${DEFAULT-VALUE}).")
  String region;

  @Option(names = "--profile", description = "AWS profile of the credentials (default: the default credential chain).")
  String profile;

  SignedApiClient client() {
    return SignedApiClient.create(endpoint, region, profile);
  }
}
