package dev.meshplane.frontend.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshplane.frontend.api.ApiException;
import dev.meshplane.frontend.api.ErrorType;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.appmesh.Backend;
import dev.meshplane.model.appmesh.VirtualNodeSpec;
import dev.meshplane.model.appmesh.VirtualServiceBackend;
import dev.meshplane.store.CountLimit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuotasTest {

  @Test
  void appMeshDefaultsAreTheDocumentedQuotas() {
    Quotas quotas = Quotas.appMeshDefaults();
    assertThat(quotas.countLimit(ResourceKind.MESH))
        .contains(new CountLimit(15, "meshes per account, meshplane.limits.meshes"));
    assertThat(quotas.countLimit(ResourceKind.VIRTUAL_NODE).orElseThrow().max()).isEqualTo(200);
    assertThat(quotas.countLimit(ResourceKind.VIRTUAL_SERVICE).orElseThrow().max()).isEqualTo(200);
    assertThat(quotas.countLimit(ResourceKind.VIRTUAL_ROUTER).orElseThrow().max()).isEqualTo(200);
    assertThat(quotas.countLimit(ResourceKind.VIRTUAL_GATEWAY).orElseThrow().max()).isEqualTo(3);
    assertThat(quotas.countLimit(ResourceKind.ROUTE).orElseThrow().max()).isEqualTo(50);
    assertThat(quotas.countLimit(ResourceKind.GATEWAY_ROUTE).orElseThrow().max()).isEqualTo(10);
  }

  @Test
  void settingsOverrideAndBadValuesNameTheirKey() {
    Map<String, String> given = Map.of("meshplane.limits.virtual-nodes-per-mesh", "2");
    assertThat(Quotas.from(key -> Optional.ofNullable(given.get(key))).countLimit(ResourceKind.VIRTUAL_NODE))
        .contains(new CountLimit(2, "virtual nodes per mesh, meshplane.limits.virtual-nodes-per-mesh"));
    assertThatThrownBy(() -> Quotas.from(key -> key.endsWith("meshes") ? Optional.of("-1") : Optional.empty()))
        .hasMessage("meshplane.limits.meshes must be between 0 and 2147483647, got -1");
  }

  @Test
  void backendsPerVirtualNodeIsALimitExceededRefusal() {
    Quotas quotas = Quotas.from(key -> key.endsWith("backends-per-virtual-node") ? Optional.of("2") : Optional.empty());
    VirtualNodeSpec.Builder spec = VirtualNodeSpec.newBuilder();
    for (int i = 0; i < 2; i++) {
      spec.addBackends(
          Backend.newBuilder().setVirtualService(VirtualServiceBackend.newBuilder().setVirtualServiceName("s" + i)));
    }
    quotas.checkSpec(ResourceKind.VIRTUAL_NODE, spec.build());
    spec.addBackends(Backend.newBuilder().setVirtualService(VirtualServiceBackend.newBuilder().setVirtualServiceName("s2")));
    assertThatThrownBy(() -> quotas.checkSpec(ResourceKind.VIRTUAL_NODE, spec.build()))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.LimitExceededException))
        .hasMessage("spec.backends: 3 backends, more than the limit of 2 backends per virtual node"
            + " (meshplane.limits.backends-per-virtual-node)");
  }
}
