package dev.meshplane.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * GETs from the Meshplane API signed with the AWS SDK's SigV4 signer (service {@code appmesh}),
 * as the SDK clients sign; a refusal becomes an {@link ApiError} carrying App Mesh's message.
 */
final class SignedApiClient {
  /** Headers java.net.http sets itself (Host from the URI, which is what was signed). */
  private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A refused request: HTTP status, App Mesh error type and message. */
  static final class ApiError extends RuntimeException {
    final int status;

    ApiError(int status, String type, String message) {
      super(type + " (" + status + "): " + message);
      this.status = status;
    }
  }

  private final URI endpoint;
  private final String region;
  private final AwsCredentialsProvider credentials;
  private final HttpClient http = HttpClient.newHttpClient();

  private SignedApiClient(URI endpoint, String region, AwsCredentialsProvider credentials) {
    this.endpoint = endpoint;
    this.region = region;
    this.credentials = credentials;
  }

  static SignedApiClient create(URI endpoint, String region, String profile) {
    return new SignedApiClient(endpoint, region,
        profile == null ? DefaultCredentialsProvider.builder().build() : ProfileCredentialsProvider.create(profile));
  }

  /** GETs {@code path} (already percent-encoded) and parses the JSON answer. */
  JsonNode get(String path) {
    URI uri = endpoint.resolve(path);
    AwsCredentials key = credentials.resolveCredentials();
    var signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey()))
        .request(SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(uri).build())
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "appmesh")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    signed.request().forEachHeader((name, values) -> {
      if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        values.forEach(value -> request.header(name, value));
      }
    });
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
      if (response.statusCode() / 100 != 2) {
        throw new ApiError(response.statusCode(), response.headers().firstValue("x-amzn-ErrorType").orElse("Error"),
            body.path("message").asText(response.body()));
      }
      return body;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot reach " + uri + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A path segment percent-encoded as the API reads it. */
  static String segment(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }
}
