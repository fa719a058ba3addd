package dev.meshplane.frontend.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ProxyStatusStore;
import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import dev.meshplane.configstore.sqlite.SqliteProxyStatusStore;
import dev.meshplane.model.ResourceId;
import dev.meshplane.store.JdbcJournaledStore;
import dev.meshplane.store.JournaledStore;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * frontend-api opens no store itself: the process that assembles it (the launcher) supplies them.
 * Here the test does, and the API answers from and writes into exactly those stores.
 */
class SuppliedStoresTest {
  private static final String KEY = "AKIAFRONTENDTEST0001";
  private static final String SECRET = "frontend-test-secret-0123456789abcdefghij";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  @Test
  void theApiServesTheStoresItIsGiven() throws Exception {
    try (JournaledStore journal = JdbcJournaledStore.sqlite(dir, Clock.systemUTC());
        ConfigStore configs = SqliteConfigStore.open(dir);
        ProxyStatusStore statuses = SqliteProxyStatusStore.open(dir);
        ApplicationContext context = ApplicationContext.builder()
            .properties(Map.of(
                "micronaut.server.host", "127.0.0.1",
                "micronaut.server.port", -1,
                "meshplane.data-dir", dir.toString(),
                "meshplane.admin.access-key-id", KEY,
                "meshplane.admin.secret-access-key", SECRET))
            .singletons(journal, configs, statuses)
            .start()) {
      URI api = URI.create("http://127.0.0.1:" + context.getBean(EmbeddedServer.class).start().getPort());

      HttpResponse<String> created = send("PUT", api.resolve("/v20190125/meshes"), "{\"meshName\":\"supplied\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      HttpResponse<String> listed = send("GET", api.resolve("/v20190125/meshes"), null);

      assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
      assertThat(listed.body()).contains("\"meshName\":\"supplied\"");
      assertThat(journal.get(ResourceId.mesh("supplied"))).isPresent();
      assertThat(context.getBean(JournaledStore.class)).isSameAs(journal);
    }
  }

  /** Signed as the AWS SDK signs (SigV4, service appmesh): authentication is never off. */
  private static HttpResponse<String> send(String method, URI uri, String body) throws Exception {
    byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
    if (bytes != null) {
      unsigned.putHeader("Content-Type", "application/json");
    }
    var signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(KEY, SECRET))
        .request(unsigned.build())
        .payload(bytes == null ? null : ContentStreamProvider.fromByteArray(bytes))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "appmesh")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-west-2"));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method,
        bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
    signed.request().forEachHeader((name, values) -> {
      if (!name.equalsIgnoreCase("host")) {
        values.forEach(v -> request.header(name, v));
      }
    });
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
