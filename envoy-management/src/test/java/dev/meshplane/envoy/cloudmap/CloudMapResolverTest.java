package dev.meshplane.envoy.cloudmap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.configstore.MotoServer;
import dev.meshplane.envoy.snapshot.EndpointResolver;
import dev.meshplane.model.internal.Attribute;
import dev.meshplane.model.internal.CloudMapResolution;
import dev.meshplane.model.internal.EndpointResolution;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

/** Cloud Map resolution against moto_server through the real AWS SDK. */
class CloudMapResolverTest {
  private static final String NAMESPACE = "apps.local";
  private static MotoServer moto;
  private static CloudMapFixture cloudMap;

  @BeforeAll
  static void startMoto() {
    moto = MotoServer.start();
    cloudMap = new CloudMapFixture(moto);
  }

  @AfterAll
  static void stopMoto() {
    cloudMap.client().close();
    moto.close();
  }

  @Test
  void instancesBecomeEndpointsOnTheListenerPortAndDeregisteredOnesGo() {
    String serviceId = cloudMap.service(NAMESPACE, "backend-a");
    cloudMap.register(serviceId, "i-1", "10.0.0.1", Map.of("version", "v1"));
    cloudMap.register(serviceId, "i-2", "10.0.0.2", Map.of("version", "v2"));
    EndpointResolver resolver = resolver(Duration.ZERO);

    Map<String, ClusterLoadAssignment> both = resolver.resolve(List.of(resolution("backend-a")), Map.of());
    assertThat(endpoints(both.get("cds_backend"))).containsExactly("10.0.0.1:8080", "10.0.0.2:8080");
    assertThat(both.get("cds_backend").getEndpoints(0).getLoadBalancingWeight().getValue()).isEqualTo(1);

    cloudMap.deregister(serviceId, "i-1");
    Map<String, ClusterLoadAssignment> one = resolver.resolve(List.of(resolution("backend-a")), both);
    assertThat(endpoints(one.get("cds_backend"))).containsExactly("10.0.0.2:8080");

    // A real answer with no instances is an empty set, not a failure.
    cloudMap.deregister(serviceId, "i-2");
    Map<String, ClusterLoadAssignment> none = resolver.resolve(List.of(resolution("backend-a")), one);
    assertThat(none.get("cds_backend").getEndpointsList()).isEmpty();
  }

  @Test
  void attributesFilterTheInstances() {
    String serviceId = cloudMap.service(NAMESPACE, "backend-b");
    cloudMap.register(serviceId, "i-1", "10.0.1.1", Map.of("version", "v1", "stage", "prod"));
    cloudMap.register(serviceId, "i-2", "10.0.1.2", Map.of("version", "v2", "stage", "prod"));
    cloudMap.register(serviceId, "i-3", "10.0.1.3", Map.of("version", "v2", "stage", "test"));
    EndpointResolver resolver = resolver(Duration.ZERO);

    assertThat(endpoints(resolver.resolve(List.of(resolution("backend-b", "version", "v2")), Map.of())
        .get("cds_backend"))).containsExactly("10.0.1.2:8080", "10.0.1.3:8080");
    assertThat(endpoints(resolver.resolve(List.of(resolution("backend-b", "version", "v2", "stage", "prod")), Map.of())
        .get("cds_backend"))).containsExactly("10.0.1.2:8080");
  }

  @Test
  void oneLookupServesEveryProxyThatNeedsTheSameService() throws Exception {
    String serviceId = cloudMap.service(NAMESPACE, "backend-c");
    cloudMap.register(serviceId, "i-1", "10.0.2.1", Map.of());
    CloudMapResolver shared = new CloudMapResolver(cloudMap.client(),
        new CloudMapResolver.Settings(Duration.ofMinutes(1), Duration.ofMillis(50), Duration.ofSeconds(1)),
        Clock.systemUTC());
    int before = cloudMap.discoverCalls();

    ExecutorService proxies = Executors.newFixedThreadPool(8);
    try {
      List<Future<Optional<List<CloudMapResolver.Instance>>>> answers = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        answers.add(proxies.submit(() -> shared.instances(resolution("backend-c").getCloudMap())));
      }
      for (Future<Optional<List<CloudMapResolver.Instance>>> answer : answers) {
        assertThat(answer.get().orElseThrow()).extracting(CloudMapResolver.Instance::id).containsExactly("i-1");
      }
    } finally {
      proxies.shutdownNow();
    }
    assertThat(cloudMap.discoverCalls() - before).isEqualTo(1);
  }

  @Test
  void anUnreachableCloudMapKeepsTheLastEndpointsAndBacksOff() {
    String serviceId = cloudMap.service(NAMESPACE, "backend-d");
    cloudMap.register(serviceId, "i-1", "10.0.3.1", Map.of());
    cloudMap.register(serviceId, "i-2", "10.0.3.2", Map.of());
    CloudMapResolver shared = new CloudMapResolver(cloudMap.client(),
        new CloudMapResolver.Settings(Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(5)), Clock.systemUTC());
    EndpointResolver resolver = new EndpointResolver(EndpointResolverDnsDown::lookup, Optional.of(shared));
    Map<String, ClusterLoadAssignment> good = resolver.resolve(List.of(resolution("backend-d")), Map.of());
    assertThat(endpoints(good.get("cds_backend"))).hasSize(2);

    moto.stop();
    try {
      int before = cloudMap.discoverCalls();
      // The failed lookup keeps the last answer, in the resolver and for a proxy that had it.
      assertThat(resolver.resolve(List.of(resolution("backend-d")), good)).isEqualTo(good);
      assertThat(resolver.resolve(List.of(resolution("backend-d")), Map.of())).isEqualTo(good);
      // Backing off: no new call within the backoff.
      assertThat(resolver.resolve(List.of(resolution("backend-d")), good)).isEqualTo(good);
      assertThat(cloudMap.discoverCalls() - before).isEqualTo(1);
      // A service never answered gets no assignment at all rather than an empty one.
      assertThat(resolver.resolve(List.of(resolution("never-seen")), Map.of())).isEmpty();
    } finally {
      moto.restart();
    }
  }

  @Test
  void waitersOfOneLookupShareItAndNeverAnsweredDiffersFromEmpty() throws Exception {
    String serviceId = cloudMap.service(NAMESPACE, "backend-e");
    CloudMapResolver shared = new CloudMapResolver(cloudMap.client(),
        new CloudMapResolver.Settings(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1)),
        Clock.systemUTC());
    CloudMapResolution empty = resolution("backend-e").getCloudMap();
    int before = cloudMap.discoverCalls();
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try {
      Future<Optional<List<CloudMapResolver.Instance>>> first = callers.submit(() -> shared.instances(empty));
      Future<Optional<List<CloudMapResolver.Instance>>> second = callers.submit(() -> shared.instances(empty));
      // A service with no instances is answered with an empty list, both callers by one call.
      assertThat(first.get()).contains(List.of());
      assertThat(second.get()).contains(List.of());
    } finally {
      callers.shutdownNow();
    }
    assertThat(cloudMap.discoverCalls() - before).isEqualTo(1);

    // A service Cloud Map does not know fails: never answered, so no answer at all.
    assertThat(shared.instances(resolution("no-such-service").getCloudMap())).isEmpty();

    // Within the refresh interval the cached answer is served without a call.
    cloudMap.register(serviceId, "i-1", "10.0.4.1", Map.of());
    assertThat(shared.instances(empty)).contains(List.of());
    assertThat(cloudMap.discoverCalls() - before).isEqualTo(2);
    shared.close();
  }

  @Test
  void aServiceNobodyAsksForIsForgottenAfterTheIdleExpiryAndOneAskedForIsKept() {
    cloudMap.register(cloudMap.service(NAMESPACE, "backend-idle"), "i-1", "10.0.5.1", Map.of());
    cloudMap.register(cloudMap.service(NAMESPACE, "backend-busy"), "i-1", "10.0.6.1", Map.of());
    // Time moved by the test: idleness is measured on it, no sleeping.
    MutableClock clock = MutableClock.of(java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.ZoneOffset.UTC);
    // A refresh interval of an hour: any second call below is the idle expiry at work, not a refresh.
    CloudMapResolver shared = new CloudMapResolver(cloudMap.client(),
        new CloudMapResolver.Settings(Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofMinutes(1),
            Duration.ofMillis(200)), clock);
    CloudMapResolution idle = resolution("backend-idle").getCloudMap();
    CloudMapResolution busy = resolution("backend-busy").getCloudMap();
    int before = cloudMap.discoverCalls();
    assertThat(shared.instances(idle)).isPresent();
    assertThat(shared.instances(busy)).isPresent();
    assertThat(cloudMap.discoverCalls() - before).isEqualTo(2);

    for (int i = 0; i < 4; i++) {
      clock.add(Duration.ofMillis(150));
      assertThat(shared.instances(busy)).isPresent();
    }

    assertThat(shared.instances(busy)).isPresent();
    assertThat(cloudMap.discoverCalls() - before).as("asked every 150 ms: kept, answered from the cache").isEqualTo(2);
    assertThat(shared.instances(idle).orElseThrow()).extracting(CloudMapResolver.Instance::id).containsExactly("i-1");
    assertThat(cloudMap.discoverCalls() - before).as("idle for 600 ms: forgotten, called afresh").isEqualTo(3);
    shared.close();
  }

  @Test
  void withoutACloudMapClientTheClusterKeepsWhatItHad() {
    EndpointResolver resolver = new EndpointResolver(EndpointResolverDnsDown::lookup);
    assertThat(resolver.resolve(List.of(resolution("backend-x")), Map.of())).isEmpty();
  }

  private static EndpointResolver resolver(Duration refresh) {
    return new EndpointResolver(EndpointResolverDnsDown::lookup, Optional.of(new CloudMapResolver(cloudMap.client(),
        new CloudMapResolver.Settings(refresh, Duration.ofMillis(50), Duration.ofSeconds(1)), Clock.systemUTC())));
  }

  private static EndpointResolution resolution(String service, String... attributes) {
    CloudMapResolution.Builder cloudMapResolution =
        CloudMapResolution.newBuilder().setNamespaceName(NAMESPACE).setServiceName(service);
    for (int i = 0; i < attributes.length; i += 2) {
      cloudMapResolution.addAttributes(Attribute.newBuilder().setKey(attributes[i]).setValue(attributes[i + 1]));
    }
    return EndpointResolution.newBuilder().setClusterName("cds_backend").setPort(8080)
        .setCloudMap(cloudMapResolution).build();
  }

  private static List<String> endpoints(ClusterLoadAssignment assignment) {
    return assignment.getEndpointsList().stream()
        .flatMap(l -> l.getLbEndpointsList().stream())
        .map(e -> e.getEndpoint().getAddress().getSocketAddress())
        .map(a -> a.getAddress() + ":" + a.getPortValue())
        .sorted()
        .toList();
  }

  private static final class EndpointResolverDnsDown {
    static java.net.InetAddress[] lookup(String host) throws UnknownHostException {
      throw new UnknownHostException(host);
    }
  }
}
