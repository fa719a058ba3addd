package dev.meshplane.transformer.reconcile;

import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.JournaledStore;
import dev.meshplane.store.Mutation;
import java.util.List;
import java.util.Set;

/** Writes to the journaled store as the frontend would, in fewer words. */
final class MeshWrites {
  private final JournaledStore store;

  MeshWrites(JournaledStore store) {
    this.store = store;
  }

  void mesh(String mesh) {
    create(ResourceId.mesh(mesh), "{\"egressFilter\":{\"type\":\"DROP_ALL\"}}");
  }

  void node(String mesh, String name, int port) {
    create(ResourceId.of(mesh, ResourceKind.VIRTUAL_NODE, name), nodeSpec(port));
  }

  void updateNode(String mesh, String name, int port) {
    update(ResourceId.of(mesh, ResourceKind.VIRTUAL_NODE, name), nodeSpec(port));
  }

  /** Any resource with its App Mesh JSON spec (references are not declared: the synthesizer follows names). */
  void create(ResourceId id, String spec) {
    store.apply(new Mutation.Create(id, spec, List.of(), Set.of(), List.of(), null, "111122223333", "111122223333", "test"));
  }

  void update(ResourceId id, String spec) {
    store.apply(new Mutation.Update(id, null, spec, Set.of(), List.of(), "test"));
  }

  void delete(ResourceId id) {
    store.apply(new Mutation.Delete(id, null, "test"));
  }

  private static String nodeSpec(int port) {
    return "{\"listeners\":[{\"portMapping\":{\"port\":" + port + ",\"protocol\":\"http\"}}],"
        + "\"serviceDiscovery\":{\"dns\":{\"hostname\":\"n.local\"}}}";
  }
}
