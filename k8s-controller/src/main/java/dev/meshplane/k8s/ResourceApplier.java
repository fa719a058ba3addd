package dev.meshplane.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshplane.manifests.DeclaredResource;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes App Mesh match one object's declared resources: creates what is missing, updates what
 * differs (the user's edit, or a change made behind the controller's back), and deletes a router's
 * routes the object no longer declares.
 *
 * <p>Drift is judged against what the API answered when the controller last applied a spec, since
 * the API fills in defaults; with no such record (after a restart) a resource whose fields include
 * every declared one is left alone.
 */
final class ResourceApplier {

  /** What applying one object's resources gave: the first resource's ARN, the routes' ARNs, whether all are active. */
  record Applied(String arn, Map<String, String> routeArns, boolean active) {}

  private record AppliedSpec(JsonNode desired, JsonNode answered) {}

  private final AppMeshApi api;
  private final Map<String, AppliedSpec> applied = new ConcurrentHashMap<>();

  ResourceApplier(AppMeshApi api) {
    this.api = api;
  }

  Applied apply(List<DeclaredResource> resources) {
    String arn = null;
    Map<String, String> routeArns = new LinkedHashMap<>();
    boolean active = true;
    for (DeclaredResource resource : resources) {
      AppMeshApi.Remote remote = applyOne(resource);
      active &= remote.active();
      if (resource.kind() == ResourceKind.ROUTE) {
        routeArns.put(resource.name(), remote.arn());
      } else {
        arn = remote.arn();
      }
    }
    DeclaredResource first = resources.get(0);
    if (first.kind() == ResourceKind.VIRTUAL_ROUTER) {
      for (ResourceId route : api.routes(first.meshName(), first.meshOwner(), first.name())) {
        if (!routeArns.containsKey(route.name())) {
          api.delete(route, first.meshOwner());
          applied.remove(route.key());
        }
      }
    }
    return new Applied(arn, first.kind() == ResourceKind.VIRTUAL_ROUTER ? routeArns : null, active);
  }

  /** Deletes a resource the controller created; false when it was already gone. */
  boolean delete(ResourceId id, String meshOwner) {
    applied.remove(id.key());
    return api.delete(id, meshOwner);
  }

  private AppMeshApi.Remote applyOne(DeclaredResource resource) {
    String key = id(resource).key();
    Optional<AppMeshApi.Remote> remote = api.describe(resource);
    if (remote.isPresent() && inSync(key, resource.spec(), remote.get().spec())) {
      return remote.get();
    }
    AppMeshApi.Remote answered = api.put(resource, remote.isPresent());
    applied.put(key, new AppliedSpec(resource.spec().deepCopy(), answered.spec()));
    return answered;
  }

  private boolean inSync(String key, JsonNode desired, JsonNode actual) {
    AppliedSpec last = applied.get(key);
    if (last == null) {
      if (JsonSubset.contains(actual, desired)) {
        applied.put(key, new AppliedSpec(desired.deepCopy(), actual));
        return true;
      }
      return false;
    }
    return last.desired().equals(desired) && last.answered().equals(actual);
  }

  static ResourceId id(DeclaredResource r) {
    return switch (r.kind()) {
      case MESH -> ResourceId.mesh(r.name());
      case ROUTE, GATEWAY_ROUTE -> ResourceId.child(r.meshName(), r.kind(), r.parentName(), r.name());
      default -> ResourceId.of(r.meshName(), r.kind(), r.name());
    };
  }
}
