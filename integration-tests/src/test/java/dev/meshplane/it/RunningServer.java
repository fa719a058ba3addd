package dev.meshplane.it;

import dev.meshplane.launcher.AllInOne;
import dev.meshplane.transformer.reconcile.ReconcileLoop;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.appmesh.AppMeshClient;

/**
 * The all-in-one server started in this JVM (API and xDS on free ports, the embedded transformer), over
 * SQLite in {@code dataDir} (or PostgreSQL when a JDBC URL is given), and App Mesh SDK clients
 * pointed at it. Authentication is on, as always: the admin principal's key is set by the test
 * ({@link #credentials()}) unless an IAM file ({@code meshplane.iam-file}) gives the principals.
 */
public final class RunningServer implements AutoCloseable {
  public static final String REGION = "us-west-2";
  public static final String ACCOUNT = "111122223333";
  /** The admin principal's key in every RunningServer: allowed everything. */
  public static final AwsBasicCredentials ADMIN = AwsBasicCredentials.create("AKIAMESHPLANEADMIN01", "meshplane-it-admin-secret-0123456789abcd");
  public static final String ADMIN_ARN = "arn:aws:iam::" + ACCOUNT + ":user/admin";

  private final ApplicationContext context;
  private final EmbeddedServer server;
  private final AllInOne services;

  private RunningServer(Map<String, Object> properties) {
    properties.put("micronaut.server.port", -1);
    properties.put("micronaut.server.host", "127.0.0.1");
    properties.put("meshplane.region", REGION);
    properties.put("meshplane.account-id", ACCOUNT);
    properties.putIfAbsent("meshplane.admin.access-key-id", ADMIN.accessKeyId());
    properties.putIfAbsent("meshplane.admin.secret-access-key", ADMIN.secretAccessKey());
    // Functional tests write much faster than the default throttle allows and page over 250 nodes (the
    // quota is 200); ThrottlingTest and QuotaLimitsTest pass limits of their own as extra properties.
    properties.putIfAbsent("meshplane.throttle.enabled", false);
    properties.putIfAbsent("meshplane.limits.virtual-nodes-per-mesh", 1000);
    this.context = ApplicationContext.builder().properties(properties).start();
    this.services = AllInOne.start(context, "127.0.0.1", 0);
    this.server = services.api();
  }

  public static RunningServer onSqlite(Path dataDir) {
    return onSqlite(dataDir, Map.of());
  }

  /** Over SQLite, with further configuration ({@code meshplane.acm.endpoint}, ...). */
  public static RunningServer onSqlite(Path dataDir, Map<String, Object> extra) {
    Map<String, Object> properties = new LinkedHashMap<>(extra);
    properties.put("meshplane.data-dir", dataDir.toString());
    return new RunningServer(properties);
  }

  /** The journal in PostgreSQL; the config store stays SQLite under {@code dataDir}. */
  public static RunningServer onPostgres(String jdbcUrl, String user, String password, Path dataDir) {
    return onPostgres(jdbcUrl, user, password, dataDir, Map.of());
  }

  /** Over PostgreSQL, with further configuration ({@code meshplane.iam-file}, ...). */
  public static RunningServer onPostgres(
      String jdbcUrl, String user, String password, Path dataDir, Map<String, Object> extra) {
    Map<String, Object> properties = new LinkedHashMap<>(extra);
    properties.put("meshplane.data-dir", dataDir.toString());
    properties.put("meshplane.store.postgres.url", jdbcUrl);
    properties.put("meshplane.store.postgres.user", user);
    properties.put("meshplane.store.postgres.password", password);
    return new RunningServer(properties);
  }

  /** The xDS port of the embedded Envoy management server. */
  public int xdsPort() {
    return services.xdsPort();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getPort());
  }

  /** The admin principal's key (allowed everything). */
  public AwsBasicCredentials credentials() {
    return ADMIN;
  }

  /** The real AWS SDK v2 App Mesh client, signing as the admin principal, retries off so tests see each answer. */
  public AppMeshClient client() {
    return client(ADMIN);
  }

  /** A client signing with the given key (a principal of the IAM file, or a wrong key on purpose). */
  public AppMeshClient client(AwsCredentials credentials) {
    return AppMeshClient.builder()
        .endpointOverride(endpoint())
        .region(Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(credentials))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
        .build();
  }

  /** The hints the embedded transformer publishes as it commits config items. */
  public dev.meshplane.configstore.ConfigChanges configChanges() {
    return services.configChanges();
  }

  /** The embedded transformer's loop: its passes, as they complete. */
  public ReconcileLoop transformer() {
    return services.transformer();
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  @Override
  public void close() {
    services.close();
    context.close();
  }
}
