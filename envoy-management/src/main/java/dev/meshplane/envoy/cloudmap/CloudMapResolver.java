package dev.meshplane.envoy.cloudmap;

import dev.meshplane.envoy.lookup.Backoff;
import dev.meshplane.envoy.lookup.SharedAnswers;
import dev.meshplane.model.internal.Attribute;
import dev.meshplane.model.internal.CloudMapResolution;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.HealthStatusFilter;

/**
 * The snapshot builders' access to Cloud Map: instances by (namespace, service, attributes), shared
 * by every proxy in one {@link SharedAnswers} (at most one {@code DiscoverInstances} per key in
 * flight, answers cached for the refresh interval, backoff, last good answer kept, keys nobody asks
 * for forgotten). A builder (on a blocking thread) waits only for a key it has no answer for; the
 * calls run on their own threads, so waiting builders never starve them. Empty: never answered,
 * which is different from an answer with no instances (an empty list).
 */
public final class CloudMapResolver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CloudMapResolver.class);
  private static final int MAX_RESULTS = 1000;
  /** Longer than the client's 10 s API call timeout, so a slow lookup answers before the wait gives up. */
  private static final Duration WAIT_TIMEOUT = Duration.ofSeconds(15);

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

  private final ExecutorService lookups = Executors.newFixedThreadPool(2, runnable -> {
    Thread thread = new Thread(runnable, "envoy-management-cloudmap");
    thread.setDaemon(true);
    return thread;
  });
  private final SharedAnswers<Key, List<Instance>> answers;

  public CloudMapResolver(ServiceDiscoveryClient client, Settings settings, Clock clock) {
    this.answers = new SharedAnswers<>(
        key -> Optional.of(discover(client, key)),
        settings.refreshInterval(),
        new Backoff(settings.initialBackoff(), settings.maxBackoff()),
        settings.idleExpiry(),
        lookups,
        clock,
        (key, failures, kept, wait, cause) -> LOG.warn(
            "Cloud Map lookup of {}/{} {} failed ({} in a row), keeping {}; next try in {}: {}", key.namespaceName(),
            key.serviceName(), key.attributes(), failures, kept.map(l -> l.size() + " instances").orElse("nothing"),
            wait, cause.toString()));
  }

  /**
   * The instances of {@code resolution}'s service matching its attributes: the shared cached answer,
   * or Cloud Map's after a lookup (a caller with an answer in hand does not wait for someone else's
   * lookup); empty when never answered (the caller keeps what it had). Blocks; callers run off the
   * actors.
   */
  public Optional<List<Instance>> instances(CloudMapResolution resolution) {
    Key key = Key.of(resolution);
    try {
      return answers.getUnlessRefreshing(key).get(WAIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      LOG.warn("no answer from Cloud Map for {}/{}: {}", key.namespaceName(), key.serviceName(), e.toString());
      return Optional.empty();
    }
  }

  /** Blocking: runs on the lookup executor. */
  private static List<Instance> discover(ServiceDiscoveryClient client, Key key) {
    var response = client.discoverInstances(request -> {
      request.namespaceName(key.namespaceName())
          .serviceName(key.serviceName())
          .healthStatus(HealthStatusFilter.HEALTHY_OR_ELSE_ALL)
          .maxResults(MAX_RESULTS);
      if (!key.attributes().isEmpty()) {
        request.queryParameters(key.attributes());
      }
    });
    return response.instances().stream()
        .map(summary -> new Instance(summary.instanceId(), Map.copyOf(summary.attributes())))
        .sorted(Comparator.comparing(Instance::id))
        .toList();
  }

  @Override
  public void close() {
    lookups.shutdownNow();
  }
}
