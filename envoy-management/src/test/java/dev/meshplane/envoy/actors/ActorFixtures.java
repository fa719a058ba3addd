package dev.meshplane.envoy.actors;

import static dev.meshplane.model.ResourceKind.VIRTUAL_NODE;
import static dev.meshplane.model.ResourceKind.VIRTUAL_SERVICE;

import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.envoy.InMemoryConfigStore;
import dev.meshplane.envoy.TestMesh;
import dev.meshplane.envoy.cache.ProxySnapshotCache;
import dev.meshplane.envoy.node.NodeIdentity;
import dev.meshplane.envoy.node.ProxyTarget;
import dev.meshplane.envoy.node.ProxyVariant;
import dev.meshplane.envoy.snapshot.EndpointResolver;
import dev.meshplane.envoy.snapshot.ProxySnapshotBuilder;
import dev.meshplane.model.ResourceId;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A one-node mesh in an in-memory store, and the dependencies managers need around it. */
final class ActorFixtures {
  static final ProxyTarget NODE =
      new ProxyTarget(ResourceId.of("demo", VIRTUAL_NODE, "backend"), ProxyVariant.SIDECAR);

  final InMemoryConfigStore store = new InMemoryConfigStore();
  /** What the test's DNS answers for every name. */
  final AtomicReference<InetAddress> dnsAnswer = new AtomicReference<>(InetAddress.getLoopbackAddress());
  final ProxySnapshotCache<ProxyTarget> cache = new ProxySnapshotCache<>(new NodeIdentity("us-west-2", "111122223333")::identify);
  static final ProxyTarget CLIENT =
      new ProxyTarget(ResourceId.of("demo", VIRTUAL_NODE, "client"), ProxyVariant.SIDECAR);

  final TestMesh mesh = new TestMesh("demo")
      .add(VIRTUAL_NODE, null, "backend", listener(8080))
      .add(VIRTUAL_NODE, null, "client",
          "{\"backends\": [{\"virtualService\": {\"virtualServiceName\": \"backend.demo.local\"}}]}")
      .add(VIRTUAL_SERVICE, null, "backend.demo.local",
          "{\"provider\": {\"virtualNode\": {\"virtualNodeName\": \"backend\"}}}");

  static String listener(int port) {
    return "{\"listeners\": [{\"portMapping\": {\"port\": " + port + ", \"protocol\": \"http\"}}],"
        + " \"serviceDiscovery\": {\"dns\": {\"hostname\": \"backend.demo.local\"}}}";
  }

  ManifestManager.Dependencies dependencies(ConfigStore configStore) {
    EndpointResolver resolver = new EndpointResolver(host -> new InetAddress[] {dnsAnswer.get()});
    return new ManifestManager.Dependencies(configStore, cache, new ProxySnapshotBuilder(resolver), Runnable::run,
        Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), Duration.ofMillis(100),
        Duration.ofMillis(100));
  }
}
