package dev.meshplane.envoy.cloudmap;

import dev.meshplane.model.internal.Attribute;
import dev.meshplane.model.internal.CloudMapResolution;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.DiscoverInstancesResponse;
import software.amazon.awssdk.services.servicediscovery.model.HealthStatusFilter;
import software.amazon.awssdk.services.servicediscovery.model.HttpInstanceSummary;

/**
 * Cloud Map instances by (namespace, service, attributes), shared by every proxy that needs them:
 * at most one {@code DiscoverInstances} per key at a time, answers cached for the refresh interval,
 * failures retried with exponential backoff. A failed lookup keeps the last good answer (static
 * stability); a key never answered has no instances to offer (empty optional), which is different
 * from a successful answer with no instances (an empty list).
 */
public final class CloudMapResolver {
  private static final Logger LOG = LoggerFactory.getLogger(CloudMapResolver.class);
  private static final int MAX_RESULTS = 1000;

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
   */
  public record Settings(Duration refreshInterval, Duration initialBackoff, Duration maxBackoff) {
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
  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

  public CloudMapResolver(ServiceDiscoveryClient client, Settings settings, Clock clock) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * The instances of {@code resolution}'s service matching its attributes: asks Cloud Map when the
   * cached answer is older than the refresh interval and no backoff is pending, otherwise (and when
   * the lookup fails) the last good answer. Blocks for the lookup; callers run off the actors.
   */
  public Optional<List<Instance>> instances(CloudMapResolution resolution) {
    Entry entry = entries.computeIfAbsent(Key.of(resolution), Entry::new);
    Optional<List<Instance>> known = entry.lastGood;
    // Someone is asking Cloud Map already: with an answer in hand, do not wait for theirs.
    if (known.isPresent() && !entry.lock.tryLock()) {
      return known;
    }
    if (known.isEmpty()) {
      entry.lock.lock();
    }
    try {
      Instant now = clock.instant();
      if (!now.isBefore(entry.nextAttempt)) {
        entry.lookUp(now);
      }
      return entry.lastGood;
    } finally {
      entry.lock.unlock();
    }
  }

  /** Forgets every cached answer and backoff (tests; a changed client). */
  public void clear() {
    entries.clear();
  }

  private final class Entry {
    private final Key key;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Optional<List<Instance>> lastGood = Optional.empty();
    private Instant nextAttempt = Instant.MIN;
    private int failures;

    private Entry(Key key) {
      this.key = key;
    }

    private void lookUp(Instant now) {
      try {
        lastGood = Optional.of(discover());
        failures = 0;
        nextAttempt = now.plus(settings.refreshInterval());
      } catch (RuntimeException e) {
        Duration backoff = backoff(failures++);
        nextAttempt = now.plus(backoff);
        LOG.warn("Cloud Map lookup of {}/{} {} failed ({} in a row), keeping {}; next try in {}: {}",
            key.namespaceName(), key.serviceName(), key.attributes(), failures,
            lastGood.map(l -> l.size() + " instances").orElse("nothing"), backoff, e.toString());
      }
    }

    private List<Instance> discover() {
      DiscoverInstancesResponse response = client.discoverInstances(request -> {
        request.namespaceName(key.namespaceName())
            .serviceName(key.serviceName())
            .healthStatus(HealthStatusFilter.HEALTHY_OR_ELSE_ALL)
            .maxResults(MAX_RESULTS);
        if (!key.attributes().isEmpty()) {
          request.queryParameters(key.attributes());
        }
      });
      return response.instances().stream()
          .map(CloudMapResolver::instance)
          .sorted(Comparator.comparing(Instance::id))
          .toList();
    }
  }

  private Duration backoff(int previousFailures) {
    Duration backoff = settings.initialBackoff();
    for (int i = 0; i < previousFailures && backoff.compareTo(settings.maxBackoff()) < 0; i++) {
      backoff = backoff.multipliedBy(2);
    }
    return backoff.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff;
  }

  private static Instance instance(HttpInstanceSummary summary) {
    return new Instance(summary.instanceId(), Map.copyOf(summary.attributes()));
  }
}
