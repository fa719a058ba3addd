package dev.meshplane.configstore.dynamodb;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB clients from configuration: the region, the default credential chain (environment,
 * profile, instance role), and an optional endpoint override (an emulator, a VPC endpoint).
 */
public final class DynamoDbClients {
  private DynamoDbClients() {}

  public static DynamoDbClient create(String region, Optional<URI> endpoint) {
    var builder = DynamoDbClient.builder()
        .region(Region.of(region))
        .httpClient(UrlConnectionHttpClient.create());
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
