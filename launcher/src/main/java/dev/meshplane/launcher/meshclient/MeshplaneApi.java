package dev.meshplane.launcher.meshclient;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshplane.manifests.SdkModelJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;

/**
 * Calls to Meshplane's own API ({@code /meshplane/v1/...}: history, as-of, dry-run), which no SDK
 * client knows, signed with the SDK's SigV4 signer (service {@code appmesh}) and the same
 * credentials and region as the App Mesh client. A refusal is a {@link Refused} with the App Mesh
 * error type and message.
 */
public final class MeshplaneApi {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI endpoint;
  private final AwsCredentialsProvider credentials;
  private final Region region;

  MeshplaneApi(URI endpoint, AwsCredentialsProvider credentials, Region region) {
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.region = region;
  }

  /** The server refused: its {@code x-amzn-ErrorType} and message. */
  public static final class Refused extends RuntimeException {
    private final String errorType;

    Refused(int status, String errorType, String message) {
      super(errorType + " (" + status + "): " + message);
      this.errorType = errorType;
    }

    public String errorType() {
      return errorType;
    }
  }

  /** A path segment or query value, percent-encoded. */
  public static String segment(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public JsonNode get(String pathAndQuery) {
    return send("GET", pathAndQuery, null);
  }

  public JsonNode post(String path, JsonNode body) {
    return send("POST", path, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private JsonNode send(String method, String pathAndQuery, byte[] body) {
    URI uri = URI.create(endpoint.toString().replaceAll("/+$", "") + pathAndQuery);
    SdkHttpRequest.Builder http = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
    if (body != null) {
      http.putHeader("Content-Type", "application/json");
    }
    AwsCredentials key = credentials.resolveCredentials();
    var signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey()))
        .request(http.build())
        .payload(body == null ? null : ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "appmesh")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(1))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    signed.request().forEachHeader((name, values) -> {
      if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
        values.forEach(value -> request.header(name, value));
      }
    });
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body().isEmpty() ? SdkModelJson.JSON.createObjectNode() : SdkModelJson.JSON.readTree(response.body());
      if (response.statusCode() / 100 != 2) {
        throw new Refused(response.statusCode(), response.headers().firstValue("x-amzn-ErrorType").orElse("HTTP " + response.statusCode()),
            json.path("message").asText(response.body()));
      }
      return json;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(method + " " + uri + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
