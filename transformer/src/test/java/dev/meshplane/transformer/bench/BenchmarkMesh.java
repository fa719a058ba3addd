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
 * send 90% to node j and 10% to node j+1.
 */
record BenchmarkMesh(int nodes, int backends, int minRoutes, int maxRoutes, long seed) {
  static final String MESH = "bench";

  MeshSnapshot snapshot() {
    Random random = new Random(seed);
    List<StoredResource> resources = new ArrayList<>();
    resources.add(stored(ResourceId.mesh(MESH), "{}"));
    for (int i = 0; i < nodes; i++) {
      StringBuilder calls = new StringBuilder();
      for (int b = 1; b <= backends; b++) {
        calls.append(b > 1 ? "," : "")
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
    ResourceId id = ResourceId.child(MESH, ResourceKind.ROUTE, "router-" + router, "route-0");
    List<StoredResource> resources = snapshot.resources().stream()
        .map(r -> r.id().equals(id) ? stored(id, route(router, (router + 1) % nodes, 0, marker)) : r)
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
