package dev.meshplane.envoy;

import dev.meshplane.model.AccountScope;

import dev.meshplane.configstore.ConfigChanges;
import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.envoy.cloudmap.CloudMapResolver;
import dev.meshplane.envoy.actors.ConnectionManager;
import dev.meshplane.envoy.actors.ManifestManager;
import dev.meshplane.envoy.actors.StatusChanges;
import dev.meshplane.envoy.cache.ProxySnapshotCache;
import dev.meshplane.envoy.certs.CertificateManager;
import dev.meshplane.envoy.certs.CertificateSources;
import dev.meshplane.envoy.certs.ServedSecrets;
import dev.meshplane.envoy.dns.SharedDnsLookup;
import dev.meshplane.envoy.metrics.XdsMetrics;
import dev.meshplane.envoy.node.NodeIdentity;
import dev.meshplane.envoy.node.MeshAssignment;
import dev.meshplane.envoy.node.ProxyAdmission;
import dev.meshplane.envoy.node.ProxyTarget;
import dev.meshplane.envoy.security.ReloadingServerTls;
import dev.meshplane.envoy.security.XdsSecurity;
import dev.meshplane.envoy.snapshot.EndpointResolver;
import dev.meshplane.envoy.snapshot.ProxySnapshotBuilder;
import dev.meshplane.envoy.xds.ProxyStreamCallbacks;
import dev.meshplane.envoy.xds.XdsServer;
import dev.meshplane.envoy.xds.StreamListener;
import dev.meshplane.envoy.status.ClientStatusService;
import dev.meshplane.envoy.status.ProxyStatusBoard;
import dev.meshplane.envoy.status.ProxyStatusPublisher;
import dev.meshplane.envoy.metrics.PushMetricsListener;
import dev.meshplane.configstore.ProxyStatusStore;
import java.util.List;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;

/**
 * The Envoy management service assembled: the snapshot cache, the actors that fill it from the
 * config store, and the xDS server that serves it.
 */
public final class EnvoyManagement implements AutoCloseable {

  /**
   * @param xdsAddress where xDS listens (port 0: a free port)
   * @param pollInterval how often each mesh with connected proxies is listed in the config store
   * @param gracePeriod how long a proxy's manager outlives its last stream
   * @param readRetryInterval how soon a failed config read is retried
   * @param endpointRefreshInterval how often each proxy's DNS names and Cloud Map services are looked up again
   *     (Cloud Map answers are shared and cached for {@link CloudMapResolver.Settings#refreshInterval()})
   * @param streamsPerProxy how many streams one proxy may hold open; more get RESOURCE_EXHAUSTED
   */
  public record Settings(
      InetSocketAddress xdsAddress,
      Duration pollInterval,
      Duration gracePeriod,
      Duration readRetryInterval,
      Duration endpointRefreshInterval,
      int streamsPerProxy) {

    public static Settings defaults(int xdsPort) {
      return new Settings(new InetSocketAddress(xdsPort), Duration.ofSeconds(1), Duration.ofMinutes(5),
          Duration.ofSeconds(2), Duration.ofSeconds(30), ProxyStreamCallbacks.DEFAULT_STREAMS_PER_PROXY);
    }
  }

  /**
   * Where Cloud Map is read: the region and an optional endpoint override (an emulator or a VPC
   * endpoint); the resolver's refresh and backoff.
   */
  public record CloudMap(Region region, Optional<URI> endpointOverride, CloudMapResolver.Settings resolver) {
    public static CloudMap of(Region region) {
      return new CloudMap(region, Optional.empty(), CloudMapResolver.Settings.defaults());
    }

    public ServiceDiscoveryClient client() {
      return CloudMapResolver.client(region, endpointOverride);
    }
  }

  private final ActorSystem<ConnectionManager.Command> system;
  private final ExecutorService blockingExecutor;
  private final XdsServer server;
  private final ProxySnapshotCache<ProxyTarget> cache;
  private final java.util.List<AutoCloseable> owned = new java.util.ArrayList<>();
  private ServedSecrets secrets;
  private ProxyStatusBoard board;
  private ProxyStatusPublisher statusPublisher;

  private EnvoyManagement(
      ActorSystem<ConnectionManager.Command> system,
      ExecutorService blockingExecutor,
      XdsServer server,
      ProxySnapshotCache<ProxyTarget> cache) {
    this.system = system;
    this.blockingExecutor = blockingExecutor;
    this.server = server;
    this.cache = cache;
  }

  /** Without Cloud Map: clusters discovered through Cloud Map get no endpoints (a warning is logged). */
  public static EnvoyManagement start(ConfigStore store, Settings settings) {
    return builder(store, settings).start();
  }

  /** With Cloud Map read as {@code cloudMap} says (a client is made, and closed with the service). */
  public static EnvoyManagement start(ConfigStore store, Settings settings, Optional<CloudMap> cloudMap) {
    Builder builder = builder(store, settings);
    cloudMap.ifPresent(builder::cloudMap);
    return builder.start();
  }

  /** With Cloud Map read through {@code client}, which the caller owns. */
  public static EnvoyManagement start(
      ConfigStore store, Settings settings, ServiceDiscoveryClient client, CloudMapResolver.Settings resolver) {
    return builder(store, settings).cloudMap(client, resolver).start();
  }

  public static EnvoyManagement start(ConfigStore store, Settings settings, EndpointResolver resolver, Clock clock) {
    return builder(store, settings).endpointResolver(resolver).clock(clock).start();
  }

  /**
   * The parts beyond the config store and the settings; each optional part has one method, so
   * new parts (certificates, metrics, xDS security) are added without touching the others.
   */
  public static Builder builder(ConfigStore store, Settings settings) {
    return new Builder(store, settings);
  }

  public static final class Builder {
    private final ConfigStore store;
    private final Settings settings;
    private Clock clock = Clock.systemUTC();
    private NodeIdentity nodeIdentity = new NodeIdentity(AccountScope.DEFAULT_REGION, AccountScope.DEFAULT_ACCOUNT_ID);
    private int xdsExecutorThreads = XdsServer.DEFAULT_EXECUTOR_THREADS;
    private MeshAssignment meshes = MeshAssignment.all();
    private EndpointResolver endpointResolver;
    private ServiceDiscoveryClient cloudMapClient;
    private CloudMapResolver.Settings cloudMapSettings;
    private XdsSecurity xdsSecurity = XdsSecurity.unauthenticated();
    private ServedSecrets secrets = ServedSecrets.none();
    private XdsMetrics metrics;
    private ConfigChanges configChanges;
    private ProxyStatusStore statusStore;
    private ProxyStatusPublisher.Settings statusSettings;
    private final java.util.List<AutoCloseable> owned = new java.util.ArrayList<>();

    private Builder(ConfigStore store, Settings settings) {
      this.store = store;
      this.settings = settings;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Replaces DNS and Cloud Map resolution altogether (tests). */
    public Builder endpointResolver(EndpointResolver resolver) {
      this.endpointResolver = resolver;
      return this;
    }

    /** Cloud Map read as {@code cloudMap} says; the client is made here and closed with the service. */
    public Builder cloudMap(CloudMap cloudMap) {
      ServiceDiscoveryClient client = cloudMap.client();
      owned.add(client);
      return cloudMap(client, cloudMap.resolver());
    }

    /** Cloud Map read through {@code client}, which the caller owns. */
    public Builder cloudMap(ServiceDiscoveryClient client, CloudMapResolver.Settings resolver) {
      this.cloudMapClient = client;
      this.cloudMapSettings = resolver;
      return this;
    }

    /** TLS and caller authentication of the xDS port (default: plaintext, unauthenticated). */
    public Builder xdsSecurity(XdsSecurity security) {
      this.xdsSecurity = security;
      return this;
    }

    /**
     * Serves the secrets proxies reference over SDS: ACM certificates, ACM Private CA trust and PEM
     * files; the sources' clients are closed with the service. Without this, no secret is served.
     */
    public Builder certificates(CertificateSources sources, CertificateManager.Settings settings) {
      owned.add(sources);
      this.secrets = new ServedSecrets(sources, settings);
      return this;
    }

    /**
     * The region and account of this server's ARNs (default {@code us-west-2}, {@code 111122223333}, as
     * the API's): a node id naming another is refused.
     */
    public Builder arnScope(String region, String account) {
      this.nodeIdentity = new NodeIdentity(region, account);
      return this;
    }

    /**
     * How many threads run the xDS calls' handlers (default {@value XdsServer#DEFAULT_EXECUTOR_THREADS};
     * 0: gRPC's unbounded cached pool, one thread per concurrently busy call).
     */
    /** Serve only the proxies of these meshes (cells); all meshes by default. */
    public Builder meshes(MeshAssignment assignment) {
      this.meshes = java.util.Objects.requireNonNull(assignment, "assignment");
      return this;
    }

    public Builder xdsExecutorThreads(int threads) {
      if (threads < 0) {
        throw new IllegalArgumentException("xDS executor threads must be 0 or more, got " + threads);
      }
      this.xdsExecutorThreads = threads;
      return this;
    }

    /** Where the service's meters go (default: nowhere); see {@link XdsMetrics} for what is measured. */
    public Builder meterRegistry(MeterRegistry registry) {
      this.metrics = new XdsMetrics(registry);
      return this;
    }

    /**
     * Hints that the transformer committed items of a mesh (in-process, or relayed from another
     * process): the mesh is listed at once instead of at the next poll, which stays as the safety net.
     */
    public Builder configChanges(ConfigChanges changes) {
      this.configChanges = changes;
      return this;
    }

    /**
     * Publishes this instance's proxies' status to {@code store} (for the API's proxy status),
     * as {@code settings} say; the store is the caller's. Without this, status is only served over CSDS.
     */
    public Builder statusPublishing(ProxyStatusStore store, ProxyStatusPublisher.Settings settings) {
      this.statusStore = store;
      this.statusSettings = settings;
      return this;
    }

    public Builder certificates(CertificateSources sources) {
      return certificates(sources, CertificateManager.Settings.defaults());
    }

    public EnvoyManagement start() {
      EndpointResolver resolver = endpointResolver;
      // One DNS resolver for every proxy: a name is looked up once however many proxies use it.
      SharedDnsLookup dns = resolver == null ? SharedDnsLookup.system() : null;
      if (dns != null) {
        owned.add(dns);
      }
      // Likewise one Cloud Map resolver: one DiscoverInstances per service however many proxies use it.
      CloudMapResolver cloudMap = resolver == null && cloudMapClient != null
          ? new CloudMapResolver(cloudMapClient, cloudMapSettings, clock) : null;
      if (cloudMap != null) {
        owned.add(cloudMap);
        resolver = new EndpointResolver(dns, Optional.of(cloudMap));
      } else if (resolver == null) {
        LoggerFactory.getLogger(EnvoyManagement.class)
            .warn("No Cloud Map client configured: Cloud Map service discovery is skipped");
        resolver = new EndpointResolver(dns);
      }
      ProxySnapshotCache<ProxyTarget> cache = new ProxySnapshotCache<>(nodeIdentity::identify);
      // Store reads and DNS lookups block; they stay off the actors' dispatcher.
      ExecutorService blockingExecutor = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "envoy-management-io");
        thread.setDaemon(true);
        return thread;
      });
      StatusChanges statusChanges = new StatusChanges();
      ProxySnapshotBuilder snapshots = new ProxySnapshotBuilder(resolver, secrets);
      ManifestManager.Dependencies dependencies = new ManifestManager.Dependencies(
          store, cache, snapshots, blockingExecutor, clock,
          settings.readRetryInterval(), settings.endpointRefreshInterval(),
          metrics == null ? XdsMetrics.none() : metrics, statusChanges);
      ActorSystem<ConnectionManager.Command> system = ActorSystem.create(
          ConnectionManager.create(dependencies,
              new ConnectionManager.Settings(settings.pollInterval(), settings.gracePeriod())),
          "envoy-management");
      // Before the xDS port opens, so every proxy manager finds it.
      secrets.start(system, blockingExecutor, clock);
      if (dns != null) {
        dns.start(clock);
      }
      ProxyStatusBoard board = new ProxyStatusBoard(clock);
      ProxyStreamCallbacks callbacks = new ProxyStreamCallbacks(nodeIdentity, new ProxyAdmission(store, meshes),
          StreamListener.both(ConnectionManager.listener(system),
              StreamListener.both(board, new PushMetricsListener(dependencies.metrics()))),
          settings.streamsPerProxy());
      XdsServer server = XdsServer.start(settings.xdsAddress(), cache, callbacks, xdsSecurity, xdsExecutorThreads,
          List.of(new ClientStatusService(board)), snapshots.serializer());
      EnvoyManagement management = new EnvoyManagement(system, blockingExecutor, server, cache);
      management.board = board;
      if (statusStore != null) {
        management.statusPublisher = new ProxyStatusPublisher(statusStore, board, system, statusChanges, statusSettings, clock)
            .start();
      }
      if (configChanges != null) {
        management.owned.add(configChanges.subscribe(mesh -> system.tell(new ConnectionManager.ConfigStoreChanged(mesh))));
      }
      management.owned.addAll(owned);
      management.secrets = secrets;
      return management;
    }
  }

  public int xdsPort() {
    return server.port();
  }

  /** The xDS port's TLS material, re-read from its files, when TLS is on. */
  public Optional<ReloadingServerTls> xdsTls() {
    return server.tls();
  }

  /** Whether the xDS port is open (readiness). */
  public boolean listening() {
    return server.listening();
  }

  public ActorRef<ConnectionManager.Command> connections() {
    return system;
  }

  public ActorSystem<?> actorSystem() {
    return system;
  }

  /** The certificate manager (to ask for its status). */
  public ActorRef<CertificateManager.Command> certificates() {
    return secrets.manager().orElseThrow();
  }

  /** Closes {@code part} with the service (after it), e.g. what relays change hints into it. */
  public void closeWith(AutoCloseable part) {
    owned.add(part);
  }

  public ProxySnapshotCache<ProxyTarget> cache() {
    return cache;
  }

  /** The open streams and what each was sent and answered (the source of status and CSDS). */
  public ProxyStatusBoard statusBoard() {
    return board;
  }

  @Override
  public void close() {
    if (statusPublisher != null) {
      // First, so the instance's entries are removed rather than left to expire.
      statusPublisher.close();
    }
    server.close();
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Shutting down anyway.
    }
    blockingExecutor.shutdownNow();
    for (AutoCloseable part : owned) {
      try {
        part.close();
      } catch (Exception e) {
        // Shutting down anyway.
      }
    }
  }
}
