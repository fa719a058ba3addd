package dev.meshplane.envoy.cloudmap;

import dev.meshplane.model.internal.Attribute;
import dev.meshplane.model.internal.CloudMapResolution;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;

/**
 * The snapshot builders' access to Cloud Map: instances by (namespace, service, attributes), asked
 * of one {@link CloudMapLookups} actor shared by every proxy (single flight per key, cached answers,
 * backoff, last good answer kept). A builder (on a blocking thread) asks and waits; the actor's
 * {@code DiscoverInstances} calls run on their own threads, so waiting builders never starve them.
 * Empty: never answered, which is different from an answer with no instances (an empty list).
 */
public final class CloudMapResolver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CloudMapResolver.class);
  private static final AtomicInteger SPAWNED = new AtomicInteger();
  /** Longer than the client's 10 s API call timeout, so a slow lookup answers before the ask gives up. */
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(15);

  /** One registered instance, as Cloud Map reported it. */
  public record Instance(String id, Map<String, String> attributes) {
    public Optional<String> ipv4() {
      return Optional.ofNullable(attributes.get("AWS_INSTANCE_IPV4")).filter(s -> !s.isBlank());
    }

    public Optional<String> ipv6() {
      return Optional.ofNullable(attributes.get("AWS_INSTANCE_IPV6")).filter(s -> !s.isBlank());
    }

    public Optional<Integer> port() {
      try {
        return Optional.ofNullable(attributes.get("AWS_INSTANCE_PORT")).map(Integer::parseInt);
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  /** What is looked up: attributes sorted so equal filters share one entry. */
  public record Key(String namespaceName, String serviceName, SortedMap<String, String> attributes) {
    public static Key of(CloudMapResolution resolution) {
      SortedMap<String, String> attributes = new TreeMap<>();
      for (Attribute attribute : resolution.getAttributesList()) {
        attributes.put(attribute.getKey(), attribute.getValue());
      }
      return new Key(resolution.getNamespaceName(), resolution.getServiceName(),
          java.util.Collections.unmodifiableSortedMap(attributes));
    }
  }

  /**
   * @param refreshInterval how long an answer is used before Cloud Map is asked again
   * @param initialBackoff wait after the first failure, doubled after each further one
   * @param maxBackoff longest wait between failed attempts
   * @param idleExpiry a key nobody asked for this long is forgotten
   */
  public record Settings(Duration refreshInterval, Duration initialBackoff, Duration maxBackoff, Duration idleExpiry) {
    public Settings(Duration refreshInterval, Duration initialBackoff, Duration maxBackoff) {
      this(refreshInterval, initialBackoff, maxBackoff, Duration.ofMinutes(10));
    }

    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(1));
    }
  }

  /**
   * A Cloud Map client: the region, and an endpoint override (an emulator or a VPC endpoint). With
   * an override, the {@code data-} host prefix of {@code DiscoverInstances} is not injected.
   */
  public static ServiceDiscoveryClient client(Region region, Optional<URI> endpointOverride) {
    var builder = ServiceDiscoveryClient.builder()
        .region(region)
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(5)))
        .overrideConfiguration(c -> {
          // A lookup holds up the builds waiting for its answer: bounded, retried by the resolver's backoff.
          c.apiCallTimeout(Duration.ofSeconds(10));
          endpointOverride.ifPresent(endpoint ->
              c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true));
        });
    endpointOverride.ifPresent(builder::endpointOverride);
    return builder.build();
  }

  private final ServiceDiscoveryClient client;
  private final Settings settings;
  private final Clock clock;
  private final ExecutorService lookups = Executors.newFixedThreadPool(2, runnable -> {
    Thread thread = new Thread(runnable, "envoy-management-cloudmap");
    thread.setDaemon(true);
    return thread;
  });
  private volatile ActorRef<CloudMapLookups.Command> actor;
  private volatile ActorSystem<?> system;

  public CloudMapResolver(ServiceDiscoveryClient client, Settings settings, Clock clock) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
  }

  /** Spawns the lookups actor in {@code system}; before this, nothing is answered. */
  public CloudMapResolver start(ActorSystem<?> system) {
    this.system = system;
    this.actor = system.systemActorOf(CloudMapLookups.create(client, lookups, settings, clock),
        "cloud-map-resolver-" + SPAWNED.incrementAndGet(), Props.empty());
    return this;
  }

  /**
   * The instances of {@code resolution}'s service matching its attributes: the shared cached answer,
   * or Cloud Map's after a lookup; empty when never answered (the caller keeps what it had). Blocks;
   * callers run off the actors.
   */
  public Optional<List<Instance>> instances(CloudMapResolution resolution) {
    ActorRef<CloudMapLookups.Command> ref = actor;
    if (ref == null) {
      LOG.warn("Cloud Map resolver not started; {}/{} has no answer", resolution.getNamespaceName(),
          resolution.getServiceName());
      return Optional.empty();
    }
    Key key = Key.of(resolution);
    try {
      return AskPattern.<CloudMapLookups.Command, CloudMapLookups.Answer>ask(ref,
              replyTo -> new CloudMapLookups.Resolve(key, replyTo), ASK_TIMEOUT, system.scheduler())
          .toCompletableFuture().get().instances();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      LOG.warn("no answer from the Cloud Map resolver for {}/{}: {}", key.namespaceName(), key.serviceName(),
          e.toString());
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    // The actor stops with its system; its lookups stop here.
    lookups.shutdownNow();
  }
}
