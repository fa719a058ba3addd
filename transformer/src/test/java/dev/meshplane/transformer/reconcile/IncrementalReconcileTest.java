package dev.meshplane.transformer.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.LocalBucketLeases;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.configstore.sqlite.SqliteConfigStore;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.JdbcJournaledStore;
import dev.meshplane.store.JournaledStore;
import dev.meshplane.transformer.incremental.IncrementalMeshSynthesizer;
import dev.meshplane.transformer.output.EnvoyMeshSynthesizer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler with the real incremental synthesizer over the real stores: a route change
 * writes only its router's caller, and the full pass that follows finds every stored item already
 * equal to a full synthesis (writes nothing).
 */
class IncrementalReconcileTest {
  @TempDir Path dataDir;

  @Test
  void aChangeWritesOnlyWhatItReachesAndTheFullPassAgrees() {
    try (JournaledStore store = JdbcJournaledStore.sqlite(dataDir, Clock.systemUTC());
        ConfigStore configs = SqliteConfigStore.open(dataDir)) {
      Reconciler reconciler = new Reconciler(store, configs, new LocalBucketLeases(), new IncrementalMeshSynthesizer(),
          ReconcilerSettings.embedded());
      MeshWrites writes = new MeshWrites(store);
      writes.mesh("shop");
      for (String name : new String[] {"cart", "pay", "web", "idle"}) {
        writes.create(ResourceId.of("shop", ResourceKind.VIRTUAL_NODE, name), node(name,
            name.equals("web") ? "cart.local" : name.equals("cart") ? "pay.local" : null));
      }
      for (String name : new String[] {"cart", "pay"}) {
        writes.create(ResourceId.of("shop", ResourceKind.VIRTUAL_ROUTER, name),
            "{\"listeners\":[{\"portMapping\":{\"port\":8080,\"protocol\":\"http\"}}]}");
        writes.create(ResourceId.of("shop", ResourceKind.VIRTUAL_SERVICE, name + ".local"),
            "{\"provider\":{\"virtualRouter\":{\"virtualRouterName\":\"" + name + "\"}}}");
        writes.create(ResourceId.child("shop", ResourceKind.ROUTE, name, "all"), route(name, "/"));
      }
      assertThat(reconciler.tick(Pass.FULL).itemsWritten()).isEqualTo(4);

      writes.update(ResourceId.child("shop", ResourceKind.ROUTE, "pay", "all"), route("pay", "/v2"));
      TickReport change = reconciler.tick(Pass.CHANGED);

      assertThat(change.itemsWritten()).as("only cart calls pay.local").isEqualTo(1);
      assertThat(configs.get("mesh/shop/virtualNode/cart").orElseThrow().generation())
          .isEqualTo(store.meshGeneration("shop"));
      assertThat(reconciler.tick(Pass.FULL).itemsWritten()).as("the full pass agrees byte for byte").isZero();
      Map<String, String> full = new EnvoyMeshSynthesizer().synthesize(store.snapshot("shop").orElseThrow()).stream()
          .collect(Collectors.toMap(MeshSynthesizer.SynthesizedProxy::key, MeshSynthesizer.SynthesizedProxy::contentHash));
      assertThat(configs.listMesh("shop").stream()
          .collect(Collectors.toMap(ProxyConfigItem::key, ProxyConfigItem::contentHash))).isEqualTo(full);

      writes.delete(ResourceId.of("shop", ResourceKind.VIRTUAL_NODE, "idle"));
      assertThat(reconciler.tick(Pass.CHANGED).itemsDeleted()).isEqualTo(1);
    }
  }

  private static String node(String name, String backend) {
    return "{\"listeners\":[{\"portMapping\":{\"port\":8080,\"protocol\":\"http\"}}],"
        + "\"serviceDiscovery\":{\"dns\":{\"hostname\":\"" + name + ".local\"}}"
        + (backend == null ? "" : ",\"backends\":[{\"virtualService\":{\"virtualServiceName\":\"" + backend + "\"}}]")
        + "}";
  }

  private static String route(String target, String prefix) {
    return "{\"httpRoute\":{\"match\":{\"prefix\":\"" + prefix + "\"},"
        + "\"action\":{\"weightedTargets\":[{\"virtualNode\":\"" + target + "\",\"weight\":1}]}}}";
  }
}
