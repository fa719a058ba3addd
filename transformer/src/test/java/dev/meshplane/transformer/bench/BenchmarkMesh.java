package dev.meshplane.transformer.bench;

import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.store.StoredResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The benchmarks' mesh: node i listens on 8080 and calls services i+1 .. i+backends (mod nodes);
 * service j is router j, whose routes (a seeded random count between minRoutes and maxRoutes)
 * send 90% to node j and 10% to node j+1. With {@code shared}, as the push benchmark's mesh: every
 * node calls {@code svc-shared.local} (router {@code router-shared}, routes to nodes 0 and 1) and
 * services i+1 .. i+backends-1, so a change of the shared router reaches every proxy.
 */
record BenchmarkMesh(int nodes, int backends, int minRoutes, int maxRoutes, long seed, boolean shared) {
  static final String MESH = "bench";
  static final String SHARED_ROUTER = "router-shared";

  BenchmarkMesh(int nodes, int backends, int minRoutes, int maxRoutes, long seed) {
    this(nodes, backends, minRoutes, maxRoutes, seed, false);
  }

  MeshSnapshot snapshot() {
    Random random = new Random(seed);
    List<StoredResource> resources = new ArrayList<>();
    resources.add(stored(ResourceId.mesh(MESH), "{}"));
    if (shared) {
      resources.add(stored(ResourceId.of(MESH, ResourceKind.VIRTUAL_ROUTER, SHARED_ROUTER),
          "{\"listeners\":[{\"portMapping\":{\"port\":8080,\"protocol\":\"http\"}}]}"));
      resources.add(stored(ResourceId.of(MESH, ResourceKind.VIRTUAL_SERVICE, "svc-shared.local"),
          "{\"provider\":{\"virtualRouter\":{\"virtualRouterName\":\"" + SHARED_ROUTER + "\"}}}"));
      for (int r = 0; r < minRoutes; r++) {
        resources.add(stored(ResourceId.child(MESH, ResourceKind.ROUTE, SHARED_ROUTER, "route-" + r),
            route(0, 1, r, "")));
      }
    }
    for (int i = 0; i < nodes; i++) {
      StringBuilder calls = new StringBuilder();
      if (shared) {
        calls.append("{\"virtualService\":{\"virtualServiceName\":\"svc-shared.local\"}}");
      }
      for (int b = 1; b <= (shared ? backends - 1 : backends); b++) {
        calls.append(calls.length() > 0 ? "," : "")
            .append("{\"virtualService\":{\"virtualServiceName\":\"svc-").append((i + b) % nodes).append(".local\"}}");
      }
      resources.add(stored(ResourceId.of(MESH, ResourceKind.VIRTUAL_NODE, "node-" + i),
          "{\"listeners\":[{\"portMapping\":{\"port\":8080,\"protocol\":\"http\"}}],"
              + "\"serviceDiscovery\":{\"dns\":{\"hostname\":\"node-" + i + ".local\"}},"
              + "\"backends\":[" + calls + "]}"));
      resources.add(stored(ResourceId.of(MESH, ResourceKind.VIRTUAL_ROUTER, "router-" + i),
          "{\"listeners\":[{\"portMapping\":{\"port\":8080,\"protocol\":\"http\"}}]}"));
      resources.add(stored(ResourceId.of(MESH, ResourceKind.VIRTUAL_SERVICE, "svc-" + i + ".local"),
          "{\"provider\":{\"virtualRouter\":{\"virtualRouterName\":\"router-" + i + "\"}}}"));
      int routes = minRoutes + random.nextInt(maxRoutes - minRoutes + 1);
      for (int r = 0; r < routes; r++) {
        resources.add(stored(ResourceId.child(MESH, ResourceKind.ROUTE, "router-" + i, "route-" + r),
            route(i, (i + 1) % nodes, r, "")));
      }
    }
    return new MeshSnapshot(MESH, 1, Instant.EPOCH, 1, resources);
  }

  /** The snapshot one generation later, with route 0 of router {@code router} on prefix {@code /p0<marker>}. */
  MeshSnapshot withRouteChanged(MeshSnapshot snapshot, int router, String marker) {
    return withRouteChanged(snapshot, "router-" + router, route(router, (router + 1) % nodes, 0, marker));
  }

  /** The snapshot one generation later, with route 0 of the shared router (every node calls it) on {@code /p0<marker>}. */
  MeshSnapshot withSharedRouteChanged(MeshSnapshot snapshot, String marker) {
    return withRouteChanged(snapshot, SHARED_ROUTER, route(0, 1, 0, marker));
  }

  private MeshSnapshot withRouteChanged(MeshSnapshot snapshot, String router, String spec) {
    ResourceId id = ResourceId.child(MESH, ResourceKind.ROUTE, router, "route-0");
    List<StoredResource> resources = snapshot.resources().stream()
        .map(r -> r.id().equals(id) ? stored(id, spec) : r)
        .toList();
    long generation = snapshot.generation() + 1;
    return new MeshSnapshot(MESH, generation, Instant.EPOCH, generation, resources);
  }

  private static String route(int router, int next, int r, String marker) {
    return "{\"priority\":" + r + ",\"httpRoute\":{\"match\":{\"prefix\":\"/p" + r + marker + "\","
        + "\"headers\":[{\"name\":\"x-r\",\"match\":{\"exact\":\"" + r + "\"}}]},"
        + "\"action\":{\"weightedTargets\":[{\"virtualNode\":\"node-" + router + "\",\"weight\":90},"
        + "{\"virtualNode\":\"node-" + next + "\",\"weight\":10}]}}}";
  }

  static StoredResource stored(ResourceId id, String specJson) {
    Instant t = Instant.EPOCH;
    return new StoredResource(id, "uid-" + id.key(), 1, t, t, specJson, List.of(), Set.of(), null,
        "111122223333", "111122223333");
  }
}
