package dev.meshplane.transformer.reconcile;

import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.store.StoredResource;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A small pure synthesizer for reconciliation tests: one proxy per virtual node and gateway, whose
 * payload is its spec plus the number of routes in the mesh, so node and route changes both move
 * payloads. The reconciler's behaviour does not depend on what payloads contain, only on their
 * bytes, so the tests here stay independent of Envoy synthesis (tested by golden files).
 */
final class SpecDigestSynthesizer implements MeshSynthesizer {
  @Override
  public List<SynthesizedProxy> synthesize(MeshSnapshot snapshot) {
    long routes = snapshot.resources().stream().filter(r -> r.id().kind() == ResourceKind.ROUTE).count();
    return snapshot.resources().stream()
        .filter(r -> r.id().kind() == ResourceKind.VIRTUAL_NODE || r.id().kind() == ResourceKind.VIRTUAL_GATEWAY)
        .map(r -> new SynthesizedProxy(r.id().key(), payload(r, routes)))
        .toList();
  }

  private static byte[] payload(StoredResource resource, long routes) {
    return (resource.specJson() + "|routes=" + routes).getBytes(StandardCharsets.UTF_8);
  }
}
