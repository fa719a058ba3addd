package dev.meshplane.envoy.snapshot;

import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.SnapshotResources;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.List;
import java.util.Map;

/**
 * A snapshot whose every version is a content hash ({@link ResourceVersions}): per resource for
 * delta xDS, per type for state of the world.
 */
public final class ContentVersionedSnapshot extends Snapshot {
  private final SnapshotResources<Cluster> clusters;
  private final SnapshotResources<ClusterLoadAssignment> endpoints;
  private final SnapshotResources<Listener> listeners;
  private final SnapshotResources<RouteConfiguration> routes;
  private final SnapshotResources<Secret> secrets;

  public ContentVersionedSnapshot(
      List<Cluster> clusters,
      List<ClusterLoadAssignment> endpoints,
      List<Listener> listeners,
      List<RouteConfiguration> routes,
      List<Secret> secrets) {
    this(versioned(clusters), versioned(endpoints), versioned(listeners), versioned(routes), versioned(secrets), true);
  }

  private ContentVersionedSnapshot(
      List<VersionedResource<Cluster>> clusters,
      List<VersionedResource<ClusterLoadAssignment>> endpoints,
      List<VersionedResource<Listener>> listeners,
      List<VersionedResource<RouteConfiguration>> routes,
      List<VersionedResource<Secret>> secrets,
      boolean versioned) { // the flag only tells this constructor from the public one: their lists erase alike
    this.clusters = resources(clusters);
    this.endpoints = resources(endpoints);
    this.listeners = resources(listeners);
    this.routes = resources(routes);
    this.secrets = resources(secrets);
  }

  /** From resources already versioned ({@link DecodedResources}: stored resources are not hashed again). */
  public static ContentVersionedSnapshot ofVersioned(
      List<VersionedResource<Cluster>> clusters,
      List<VersionedResource<ClusterLoadAssignment>> endpoints,
      List<VersionedResource<Listener>> listeners,
      List<VersionedResource<RouteConfiguration>> routes,
      List<VersionedResource<Secret>> secrets) {
    return new ContentVersionedSnapshot(clusters, endpoints, listeners, routes, secrets, true);
  }

  private static <T extends Message> List<VersionedResource<T>> versioned(List<T> resources) {
    return resources.stream().map(ResourceVersions::versioned).toList();
  }

  private static <T extends Message> SnapshotResources<T> resources(List<VersionedResource<T>> versioned) {
    String typeVersion = ResourceVersions.ofType(versioned);
    return SnapshotResources.create(versioned, names -> typeVersion);
  }

  // Restated only because javac does not see v3.Snapshot's implementation as overriding the
  // base class's differently-wildcarded declaration when compiling a subclass.
  @Override
  public Map<String, VersionedResource<?>> versionedResources(ResourceType type) {
    return super.versionedResources(type);
  }

  @Override
  public SnapshotResources<Cluster> clusters() {
    return clusters;
  }

  @Override
  public SnapshotResources<ClusterLoadAssignment> endpoints() {
    return endpoints;
  }

  @Override
  public SnapshotResources<Listener> listeners() {
    return listeners;
  }

  @Override
  public SnapshotResources<RouteConfiguration> routes() {
    return routes;
  }

  @Override
  public SnapshotResources<Secret> secrets() {
    return secrets;
  }
}
