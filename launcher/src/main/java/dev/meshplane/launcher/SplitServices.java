package dev.meshplane.launcher;

import dev.meshplane.frontend.config.MeshplaneProperties;
import dev.meshplane.model.AccountScope;

import dev.meshplane.configstore.ConfigChanges;
import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ProxyStatusStore;
import dev.meshplane.envoy.status.ProxyStatusPublisher;
import dev.meshplane.configstore.dynamodb.DynamoDbBucketLeases;
import dev.meshplane.configstore.dynamodb.DynamoDbClients;
import dev.meshplane.envoy.EnvoyManagement;
import dev.meshplane.envoy.node.MeshAssignment;
import dev.meshplane.envoy.xds.XdsServer;
import dev.meshplane.envoy.cloudmap.CloudMapResolver;
import dev.meshplane.envoy.certs.CertificateSources;
import dev.meshplane.store.JournaledStore;
import dev.meshplane.transformer.incremental.IncrementalMeshSynthesizer;
import dev.meshplane.transformer.reconcile.ReconcileLoop;
import dev.meshplane.transformer.reconcile.Reconciler;
import dev.meshplane.transformer.reconcile.ReconcilerSettings;
import io.micronaut.context.ApplicationContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;

/**
 * Each service of Meshplane as its own process at scale (DESIGN.md, "Where things run"): the
 * frontend (API), a transformer worker sharing buckets through DynamoDB leases, and an Envoy
 * management server; all over PostgreSQL and DynamoDB, so any number of each can run.
 */
public final class SplitServices {
  private SplitServices() {}

  /** The stores (and only the stores) of the frontend's context, without its HTTP server. */
  static ApplicationContext stores(Map<String, Object> properties) {
    properties.put("micronaut.server.port", -1);
    return ApplicationContext.builder().properties(properties).singletons(ProcessMetrics.newRegistry()).start();
  }

  public static AutoCloseable transformer(ApplicationContext context, String region, String leaseTable,
      Optional<URI> dynamoDbEndpoint, String workerId, Duration tick) {
    var leases = DynamoDbBucketLeases.open(DynamoDbClients.create(region, dynamoDbEndpoint), leaseTable, Clock.systemUTC());
    ReconcilerSettings settings = new ReconcilerSettings(
        workerId, ReconcilerSettings.DEFAULT_BUCKETS, ReconcilerSettings.DEFAULT_BUCKETS, Duration.ofSeconds(30));
    // Each config write is relayed to the envoy-management processes over the journal's PostgreSQL.
    ConfigChanges changes = new ConfigChanges();
    Optional<AutoCloseable> relay = ConfigChangeHints.postgres(context)
        .map(channel -> ConfigChangeHints.relayToPostgres(changes, channel));
    Reconciler reconciler = new Reconciler(
        context.getBean(JournaledStore.class), ConfigChangeHints.notifying(context, changes), leases,
        new IncrementalMeshSynthesizer(SdsSourceSetting.synthesisOptions(context.getEnvironment())), settings);
    ReconcileLoop loop = new ReconcileLoop(reconciler, tick, 60, ProcessMetrics.of(context));
    ReadinessParts.of(context).register(ReadinessParts.TRANSFORMER, ReadinessParts.transformer(loop));
    return () -> {
      loop.close();
      leases.close();
      if (relay.isPresent()) {
        relay.get().close();
      }
    };
  }

  /**
   * The xDS server over the context's config store. Cloud Map is read in {@code meshplane.region}
   * with the default AWS credentials, through {@code meshplane.cloud-map.endpoint} when set (env
   * MESHPLANE_CLOUD_MAP_ENDPOINT; an emulator or a VPC endpoint). Certificates served over SDS come
   * from ACM and ACM Private CA in the same region, through {@code meshplane.acm.endpoint} when set
   * (env MESHPLANE_ACM_ENDPOINT, for both), and from the PEM files under {@code meshplane.secrets-dir}
   * (env MESHPLANE_SECRETS_DIR) for App Mesh {@code sds} secret names.
   */
  public static EnvoyManagement envoyManagement(ApplicationContext context, String bind, int xdsPort) {
    return envoyManagement(context, bind, xdsPort, false, Optional.empty());
  }

  /**
   * As above; xDS security from {@code meshplane.xds.*} ({@link XdsSecuritySettings}), where
   * unauthenticated xDS is {@code allowUnauthenticatedByDefault} unless configured.
   */
  public static EnvoyManagement envoyManagement(
      ApplicationContext context, String bind, int xdsPort, boolean allowUnauthenticatedByDefault) {
    return envoyManagement(context, bind, xdsPort, allowUnauthenticatedByDefault, Optional.empty());
  }

  /**
   * As above, woken by {@code changes} when the transformer commits config items (all-in-one); a
   * process of its own ({@code changes} empty) is woken over the journal's PostgreSQL when it has
   * {@code meshplane.store.postgres.url}, and only polls otherwise.
   */
  public static EnvoyManagement envoyManagement(ApplicationContext context, String bind, int xdsPort,
      boolean allowUnauthenticatedByDefault, Optional<ConfigChanges> changes) {
    EnvoyManagement.Settings defaults = EnvoyManagement.Settings.defaults(xdsPort);
    var environment = context.getEnvironment();
    AccountScope scope = context.getBean(MeshplaneProperties.class).scope();
    Region region = Region.of(scope.region());
    Optional<URI> endpoint = environment.getProperty("meshplane.cloud-map.endpoint", String.class)
        .filter(e -> !e.isBlank()).map(URI::create);
    // How often DNS names and Cloud Map services are looked up again (meshplane.endpoint-refresh-interval).
    Duration refresh = environment.getProperty("meshplane.endpoint-refresh-interval", Duration.class)
        .orElse(defaults.endpointRefreshInterval());
    CloudMapResolver.Settings cloudMapDefaults = EnvoyManagement.CloudMap.of(region).resolver();
    EnvoyManagement.CloudMap cloudMap = new EnvoyManagement.CloudMap(region, endpoint, new CloudMapResolver.Settings(
        refresh.compareTo(cloudMapDefaults.refreshInterval()) < 0 ? refresh : cloudMapDefaults.refreshInterval(),
        cloudMapDefaults.initialBackoff(), cloudMapDefaults.maxBackoff()));
    Optional<URI> acmEndpoint = environment.getProperty("meshplane.acm.endpoint", String.class)
        .filter(e -> !e.isBlank()).map(URI::create);
    Optional<Path> secretsDir = environment.getProperty("meshplane.secrets-dir", String.class)
        .filter(d -> !d.isBlank()).map(Path::of);
    ReadinessParts.registerConfigStore(context);
    ConfigChanges hints = changes.orElseGet(ConfigChanges::new);
    Optional<AutoCloseable> listener = changes.isPresent() ? Optional.empty()
        : ConfigChangeHints.postgres(context).map(channel -> ConfigChangeHints.relayFromPostgres(channel, hints));
    // How often each mesh with connected proxies is listed anyway: the safety net under the change hints.
    Duration poll = environment.getProperty("meshplane.xds.config-poll-interval", Duration.class)
        .orElse(defaults.pollInterval());
    EnvoyManagement management = EnvoyManagement.builder(context.getBean(ConfigStore.class), new EnvoyManagement.Settings(
        new InetSocketAddress(bind, xdsPort), poll, defaults.gracePeriod(),
        defaults.readRetryInterval(), refresh, defaults.streamsPerProxy()))
        .cloudMap(cloudMap)
        .arnScope(scope.region(), scope.accountId())
        .xdsExecutorThreads(environment.getProperty("meshplane.xds.executor-threads", Integer.class,
            XdsServer.DEFAULT_EXECUTOR_THREADS))
        .certificates(CertificateSources.aws(region, acmEndpoint, secretsDir))
        .xdsSecurity(XdsSecuritySettings.from(context, allowUnauthenticatedByDefault))
        .meterRegistry(ProcessMetrics.of(context))
        .meshes(MeshAssignment.of(environment.getProperty("meshplane.xds.meshes", String.class)
            .map(list -> Arrays.stream(list.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList())
            .orElse(List.of())))
        .configChanges(hints)
        .statusPublishing(context.getBean(ProxyStatusStore.class), statusSettings(environment))
        .start();
    listener.ifPresent(management::closeWith);
    ReadinessParts.of(context).register(ReadinessParts.XDS, ReadinessParts.xds(management));
    return management;
  }

  /**
   * How this instance publishes its proxies' status: as {@code meshplane.instance-id} (default
   * host name and process id), every {@code meshplane.status.publish-interval} (2 s), counting
   * for {@code meshplane.status.ttl} (15 s) after the last heartbeat.
   */
  static ProxyStatusPublisher.Settings statusSettings(io.micronaut.core.value.PropertyResolver environment) {
    ProxyStatusPublisher.Settings defaults = ProxyStatusPublisher.Settings.defaults(
        environment.getProperty("meshplane.instance-id", String.class)
            .orElse(hostName() + "-" + ProcessHandle.current().pid()));
    return new ProxyStatusPublisher.Settings(defaults.instance(),
        environment.getProperty("meshplane.status.publish-interval", Duration.class).orElse(defaults.interval()),
        environment.getProperty("meshplane.status.ttl", Duration.class).orElse(defaults.ttl()));
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "worker";
    }
  }
}
