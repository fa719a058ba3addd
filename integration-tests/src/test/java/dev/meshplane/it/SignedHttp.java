package dev.meshplane.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Raw HTTP requests to the API signed with the AWS SDK's own SigV4 signer (as the SDK clients sign),
 * for what an SDK client cannot send: the config view, a malformed body, a request altered after
 * signing, or one signed at another time.
 */
final class SignedHttp {
  /** Set by java.net.http itself (Host from the URI, which is what the signer signed). */
  private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A signed request: method, URI, body and the headers to send (Authorization and X-Amz-Date included). */
  record Signed(String method, URI uri, byte[] body, Map<String, List<String>> headers) {
    Signed withHeader(String name, String value) {
      Map<String, List<String>> changed = new LinkedHashMap<>(headers);
      changed.put(name, List.of(value));
      return new Signed(method, uri, body, changed);
    }

    Signed withoutHeader(String name) {
      Map<String, List<String>> changed = new LinkedHashMap<>(headers);
      changed.keySet().removeIf(n -> n.equalsIgnoreCase(name));
      return new Signed(method, uri, body, changed);
    }

    Signed withBody(String newBody) {
      return new Signed(method, uri, newBody.getBytes(StandardCharsets.UTF_8), headers);
    }

    HttpResponse<String> send() throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method,
          body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      headers.forEach((name, values) -> {
        if (!RESTRICTED.contains(name.toLowerCase())) {
          values.forEach(v -> request.header(name, v));
        }
      });
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  private SignedHttp() {}

  static Signed sign(String method, URI uri, String body, AwsCredentials credentials, Clock clock) {
    return sign(method, uri, body, credentials, RunningServer.REGION, clock);
  }

  static Signed sign(String method, URI uri, String body, AwsCredentials credentials, String region, Clock clock) {
    return signBytes(method, uri, body == null ? null : body.getBytes(StandardCharsets.UTF_8), credentials, region, clock);
  }

  /** Signs the body's exact bytes (which need not be UTF-8), as the SDK signer signs any payload. */
  static Signed signBytes(String method, URI uri, byte[] body, AwsCredentials credentials, String region, Clock clock) {
    return signBytes(method, uri, body, Map.of(), credentials, region, clock);
  }

  /** Signs the body's exact bytes and the given headers too (a Content-Type given here replaces JSON's). */
  static Signed signBytes(String method, URI uri, byte[] body, Map<String, String> extraHeaders, AwsCredentials credentials,
      String region, Clock clock) {
    SdkHttpRequest.Builder http = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
    if (body != null) {
      http.putHeader("Content-Type", "application/json");
    }
    extraHeaders.forEach(http::putHeader);
    var signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey()))
        .request(http.build())
        .payload(body == null ? null : ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "appmesh")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    signed.request().forEachHeader((name, values) -> headers.put(name, List.copyOf(values)));
    return new Signed(method, uri, body, headers);
  }

  static Signed sign(String method, URI uri, String body, AwsCredentials credentials) {
    return sign(method, uri, body, credentials, Clock.systemUTC());
  }

  static HttpResponse<String> get(URI uri, AwsCredentials credentials) throws Exception {
    return sign("GET", uri, null, credentials).send();
  }
}
