package dev.meshplane.launcher.meshclient;

import dev.meshplane.manifests.DeclaredResource;
import dev.meshplane.manifests.KindOrder;
import dev.meshplane.manifests.ManifestException;
import dev.meshplane.model.ResourceKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes that make the server hold what the files declare: creates and updates in creation
 * order, then (with prune) deletes of what the named meshes hold and the files do not, in reverse.
 * A resource whose stored spec already equals the declared one (defaults included) is left alone.
 */
public final class ApplyPlanner {
  private ApplyPlanner() {}

  public record Plan(List<Change> changes, int unchanged) {}

  public static Plan plan(List<DeclaredResource> declared, Map<String, List<LiveResource>> liveByMesh, boolean prune) {
    Map<String, DeclaredResource> byKey = new LinkedHashMap<>();
    for (DeclaredResource resource : declared) {
      DeclaredResource earlier = byKey.putIfAbsent(key(resource), resource);
      if (earlier != null) {
        throw new ManifestException(resource.origin(), null, "declares " + key(resource) + " again (first in " + earlier.origin() + ")");
      }
    }
    for (DeclaredResource resource : byKey.values()) {
      boolean meshDeclared = byKey.containsKey(key(new DeclaredResource(ResourceKind.MESH, resource.meshName(), null,
          resource.meshName(), null, resource.spec(), null, null)));
      if (!meshDeclared && liveByMesh.getOrDefault(resource.meshName(), List.of()).isEmpty()) {
        throw new ManifestException(resource.origin(), null,
            "names mesh " + resource.meshName() + ", which is neither declared in the files nor on the server");
      }
    }
    Map<String, LiveResource> live = new LinkedHashMap<>();
    liveByMesh.values().forEach(list -> list.forEach(r -> live.put(key(r.resource()), r)));
    List<Change> changes = new ArrayList<>();
    int unchanged = 0;
    List<DeclaredResource> ordered = new ArrayList<>(byKey.values());
    ordered.sort(Comparator.comparing(DeclaredResource::kind, KindOrder.creation()));
    for (DeclaredResource resource : ordered) {
      LiveResource current = live.get(key(resource));
      if (current == null) {
        changes.add(new Change(Change.Action.CREATE, resource, null));
      } else if (!SpecCanonicalizer.canonical(resource.kind(), resource.spec())
          .equals(SpecCanonicalizer.canonical(resource.kind(), current.resource().spec()))) {
        changes.add(new Change(Change.Action.UPDATE, resource, current));
      } else {
        unchanged++;
      }
    }
    if (prune) {
      List<LiveResource> gone = new ArrayList<>();
      live.forEach((key, resource) -> {
        if (!byKey.containsKey(key) && resource.resource().kind() != ResourceKind.MESH) {
          gone.add(resource);
        }
      });
      gone.sort(Comparator.comparing((LiveResource r) -> r.resource().kind(), KindOrder.creation()).reversed());
      gone.forEach(resource -> changes.add(new Change(Change.Action.DELETE, null, resource)));
    }
    return new Plan(changes, unchanged);
  }

  static String key(DeclaredResource resource) {
    return resource.kind().arnSegment() + ":" + resource.meshName() + "/" + (resource.parentName() == null ? "" : resource.parentName() + "/")
        + resource.name();
  }
}
