package dev.meshplane.k8s;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.appmesh.AppMeshClient;

/** The App Mesh SDK client pointed at Meshplane's API: endpoint, region and credentials are the operator's. */
public record AppMeshApiClient(AppMeshClient client) implements AutoCloseable {

  public static AppMeshApiClient of(URI endpoint, String region, AwsCredentialsProvider credentials) {
    return new AppMeshApiClient(AppMeshClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.create())
        .build());
  }

  @Override
  public void close() {
    client.close();
  }
}
