package dev.meshplane.launcher;

import dev.meshplane.envoy.EnvoyManagement;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code meshplane frontend|transformer|envoy-management}: one service per process, at scale. */
final class ServiceCommands {
  private ServiceCommands() {}

  @Command(name = "frontend", mixinStandardHelpOptions = true,
      description = "Run the App Mesh API alone, over PostgreSQL and DynamoDB.")
  static final class Frontend implements Callable<Integer> {
    @Mixin ScaleStoreOptions stores;

    @Mixin AccountOptions account;

    @Option(names = "--api-port", defaultValue = "${env:MESHPLANE_API_PORT:-7080}", description = "API port (default ${DEFAULT-VALUE}).")
    int apiPort;

    @Option(names = "--bind", defaultValue = "${env:MESHPLANE_BIND:-127.0.0.1}", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String bind;

    @Mixin ApiTlsOptions apiTls;

    @Mixin AuthOptions auth;

    @Override
    public Integer call() throws Exception {
      Map<String, Object> properties = stores.requirePostgres().properties();
      properties.putAll(account.properties());
      properties.put("micronaut.server.port", apiPort);
      properties.put("micronaut.server.host", bind);
      properties.putAll(apiTls.properties(apiPort));
      properties.putAll(auth.properties());
      ApplicationContext context =
          ApplicationContext.builder().properties(properties).singletons(ProcessMetrics.newRegistry()).start();
      ReadinessParts.registerStore(context);
      EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
      ReadinessParts.of(context).register(ReadinessParts.API, ReadinessParts.api(server));
      System.out.printf("Meshplane frontend is up: App Mesh API on %s://%s:%d%n",
          apiTls.enabled() ? "https" : "http", bind, server.getPort());
      return runUntilStopped(context::close);
    }
  }

  @Command(name = "transformer", mixinStandardHelpOptions = true,
      description = "Run a transformer worker alone; workers share buckets through DynamoDB leases.")
  static final class Transformer implements Callable<Integer> {
    @Mixin ScaleStoreOptions stores;

    @Mixin AccountOptions account;
    @Mixin SdsSourceOption sdsSource;

    @Option(names = "--worker-id", description = "Lease owner name (default: host name and a random suffix).")
    String workerId;

    @Option(names = "--metrics-port", defaultValue = "${env:MESHPLANE_METRICS_PORT:-7082}",
        description = "Port of GET /metrics (Prometheus text) and GET /ready (default ${DEFAULT-VALUE}, -1: none).")
    int metricsPort;

    @Option(names = "--bind", defaultValue = "${env:MESHPLANE_BIND:-127.0.0.1}", description = "Address of /metrics (default ${DEFAULT-VALUE}).")
    String bind;

    @Override
    public Integer call() throws Exception {
      Map<String, Object> properties = stores.requirePostgres().properties();
      properties.putAll(account.properties());
      properties.putAll(sdsSource.properties());
      ApplicationContext context = SplitServices.stores(properties);
      ReadinessParts.registerStore(context);
      ReadinessParts.registerConfigStore(context);
      String id = workerId != null ? workerId : SplitServices.hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
      AutoCloseable transformer = SplitServices.transformer(context, account.region, stores.leaseTable,
          Optional.ofNullable(stores.dynamoDbEndpoint).filter(e -> !e.isBlank()).map(URI::create), id, Duration.ofSeconds(1));
      Optional<MetricsServer> metrics = MetricsServer.startUnlessOff(bind, metricsPort, context);
      System.out.printf("Meshplane transformer %s is up%s%n", id, MetricsServer.describe(metrics, bind));
      return runUntilStopped(() -> {
        metrics.ifPresent(MetricsServer::close);
        transformer.close();
        context.close();
      });
    }
  }

  @Command(name = "envoy-management", mixinStandardHelpOptions = true,
      description = "Run an Envoy management (xDS) server alone, over the DynamoDB config store.")
  static final class Management implements Callable<Integer> {
    @Mixin ScaleStoreOptions stores;

    @Mixin AccountOptions account;

    @Option(names = "--xds-port", defaultValue = "${env:MESHPLANE_XDS_PORT:-7081}", description = "xDS port (default ${DEFAULT-VALUE}).")
    int xdsPort;

    @Option(names = "--bind", defaultValue = "${env:MESHPLANE_BIND:-127.0.0.1}", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String bind;

    @Mixin XdsTlsOptions xdsTls;

    @Mixin CertificateOptions certificates;

    @Option(names = "--metrics-port", defaultValue = "${env:MESHPLANE_METRICS_PORT:-7083}",
        description = "Port of GET /metrics (Prometheus text) and GET /ready (default ${DEFAULT-VALUE}, -1: none).")
    int metricsPort;

    @Option(names = "--xds-allow-unauthenticated", arity = "0..1", fallbackValue = "true",
        defaultValue = "${env:MESHPLANE_XDS_ALLOW_UNAUTHENTICATED:-false}",
        description = "Serve xDS to clients that prove no identity, for any node (env MESHPLANE_XDS_ALLOW_UNAUTHENTICATED,"
            + " default ${DEFAULT-VALUE}: a client certificate or SigV4 is required).")
    boolean xdsAllowUnauthenticated;

    @Option(names = "--meshes", defaultValue = "${env:MESHPLANE_XDS_MESHES:-}",
        description = "Serve only these meshes' proxies: names or prefixes ending in *, comma-separated"
            + " (env MESHPLANE_XDS_MESHES; default: every mesh). Instances with disjoint lists are cells.")
    String meshes;

    /** The principals whose keys may sign xDS streams (Envoy's SigV4), as the frontend has them. */
    @Mixin AuthOptions auth;

    @Override
    public Integer call() throws Exception {
      Map<String, Object> properties = stores.properties();
      properties.put("meshplane.xds.meshes", meshes);
      properties.putAll(account.properties());
      properties.putAll(auth.properties());
      properties.putAll(xdsTls.properties());
      properties.putAll(certificates.properties());
      properties.put(XdsSecuritySettings.XDS_ALLOW_UNAUTHENTICATED, xdsAllowUnauthenticated);
      ApplicationContext context = SplitServices.stores(properties);
      EnvoyManagement management = SplitServices.envoyManagement(context, bind, xdsPort);
      System.out.printf("Meshplane envoy-management is up: xDS on %s:%d (%s, %s)%n", bind, management.xdsPort(),
          xdsTls.enabled() ? "TLS" : "plaintext",
          xdsAllowUnauthenticated ? "unauthenticated allowed" : "authentication required");
      Optional<MetricsServer> metrics = MetricsServer.startUnlessOff(bind, metricsPort, context);
      System.out.printf("Meshplane envoy-management%s%n", MetricsServer.describe(metrics, bind));
      return runUntilStopped(() -> {
        metrics.ifPresent(MetricsServer::close);
        management.close();
        context.close();
      });
    }
  }

  /** Blocks until the JVM is asked to stop, then closes what was started. */
  static int runUntilStopped(AutoCloseable services) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        services.close();
      } catch (Exception e) {
        System.err.println("shutdown: " + e);
      }
      stopped.countDown();
    }, "meshplane-shutdown"));
    stopped.await();
    return 0;
  }
}
