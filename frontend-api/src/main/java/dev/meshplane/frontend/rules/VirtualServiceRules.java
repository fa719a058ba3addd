package dev.meshplane.frontend.rules;

import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.Violation;
import dev.meshplane.model.appmesh.VirtualServiceSpec;
import java.util.List;
import java.util.Set;

/** Virtual services: the providing virtual node or router must exist while it provides. */
public final class VirtualServiceRules extends SpecRules<VirtualServiceSpec> {
  public VirtualServiceRules() {
    super(ResourceKind.VIRTUAL_SERVICE, VirtualServiceSpec.getDefaultInstance());
  }

  @Override
  public List<Violation> validate(VirtualServiceSpec spec) {
    return List.of();
  }

  @Override
  public Set<ResourceId> references(ResourceId id, VirtualServiceSpec spec) {
    if (!spec.hasProvider()) {
      return Set.of();
    }
    var provider = spec.getProvider();
    if (provider.hasVirtualNode()) {
      return Set.of(ResourceId.of(id.mesh(), ResourceKind.VIRTUAL_NODE, provider.getVirtualNode().getVirtualNodeName()));
    }
    if (provider.hasVirtualRouter()) {
      return Set.of(
          ResourceId.of(id.mesh(), ResourceKind.VIRTUAL_ROUTER, provider.getVirtualRouter().getVirtualRouterName()));
    }
    return Set.of();
  }
}
