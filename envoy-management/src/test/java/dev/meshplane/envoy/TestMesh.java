package dev.meshplane.envoy;

import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.store.StoredResource;
import dev.meshplane.transformer.output.EnvoyMeshSynthesizer;
import dev.meshplane.transformer.reconcile.ContentHash;
import dev.meshplane.transformer.reconcile.MeshSynthesizer.SynthesizedProxy;
import dev.meshplane.transformer.synth.SynthesisOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A mesh written as App Mesh specs, synthesized by the real transformer and stored as config
 * items, the way the transformer's reconciler would.
 */
public final class TestMesh {
  private final String mesh;
  private final List<StoredResource> resources = new ArrayList<>();
  private SynthesisOptions options = SynthesisOptions.DEFAULTS;

  public TestMesh(String mesh) {
    this.mesh = mesh;
    add(ResourceKind.MESH, null, mesh, "{}");
  }

  public TestMesh add(ResourceKind kind, String parent, String name, String specJson) {
    ResourceId id = new ResourceId(mesh, kind, parent, name);
    Instant t = Instant.EPOCH;
    resources.add(new StoredResource(id, "uid-" + id.key(), 1, t, t, specJson, List.of(), Set.of(), null,
        "111122223333", "111122223333"));
    return this;
  }

  /** The spec of a virtual node with one HTTP listener on 8080, discovered by DNS at {@code hostname}. */
  public static String httpNode(String hostname) {
    return """
        {"listeners": [{"portMapping": {"port": 8080, "protocol": "http"}}],
         "serviceDiscovery": {"dns": {"hostname": "%s"}}}""".formatted(hostname);
  }

  /**
   * Mesh {@code demo}: node {@code client} calls {@code backend.demo.local}, a router whose route
   * {@code all} sends {@code /} to node {@code backend} (change the route with {@link #routeTo}).
   */
  public static TestMesh routedDemo() {
    return new TestMesh("demo")
        .add(ResourceKind.VIRTUAL_NODE, null, "backend", httpNode("localhost"))
        .add(ResourceKind.VIRTUAL_NODE, null, "client", """
            {"backends": [{"virtualService": {"virtualServiceName": "backend.demo.local"}}],
             "serviceDiscovery": {"dns": {"hostname": "client.demo.local"}}}""")
        .add(ResourceKind.VIRTUAL_ROUTER, null, "backend", """
            {"listeners": [{"portMapping": {"port": 8080, "protocol": "http"}}]}""")
        .add(ResourceKind.ROUTE, "backend", "all", routeTo("/"))
        .add(ResourceKind.VIRTUAL_SERVICE, null, "backend.demo.local", """
            {"provider": {"virtualRouter": {"virtualRouterName": "backend"}}}""");
  }

  /** The spec of an HTTP route sending {@code prefix} to node {@code backend}. */
  public static String routeTo(String prefix) {
    return """
        {"httpRoute": {"match": {"prefix": "%s"}, "action": {"weightedTargets": [{"virtualNode": "backend", "weight": 1}]}}}"""
        .formatted(prefix);
  }

  /** Synthesizes with App Mesh {@code sds} names served over ADS (from {@code --secrets-dir}). */
  public TestMesh sdsFromSecretsDir() {
    options = new SynthesisOptions(SynthesisOptions.SdsSource.SECRETS_DIR);
    return this;
  }

  /** Replaces the spec of an added resource. */
  public TestMesh update(ResourceKind kind, String parent, String name, String specJson) {
    resources.removeIf(r -> r.id().equals(new ResourceId(mesh, kind, parent, name)));
    return add(kind, parent, name, specJson);
  }

  /** Synthesizes the mesh and stores every proxy's item at {@code generation}. */
  public void store(ConfigStore store, long generation) {
    MeshSnapshot snapshot = new MeshSnapshot(mesh, generation, Instant.now(), generation, resources);
    for (SynthesizedProxy proxy : new EnvoyMeshSynthesizer(options).synthesize(snapshot)) {
      store.put(new ProxyConfigItem(proxy.key(), mesh, generation, ContentHash.of(proxy.payload()), proxy.payload(),
          Instant.now()));
    }
  }
}
