package dev.meshplane.frontend.rules;

import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.Violation;
import dev.meshplane.model.appmesh.VirtualRouterSpec;
import java.util.List;

/** Virtual routers: one listener per port. */
public final class VirtualRouterRules extends SpecRules<VirtualRouterSpec> {
  public VirtualRouterRules() {
    super(ResourceKind.VIRTUAL_ROUTER, VirtualRouterSpec.getDefaultInstance());
  }

  @Override
  public List<Violation> validate(VirtualRouterSpec spec) {
    ViolationList violations = new ViolationList();
    violations.distinctPorts(
        "spec.listeners", spec.getListenersList().stream().map(l -> l.getPortMapping().getPort()).toList());
    return violations.toList();
  }
}
