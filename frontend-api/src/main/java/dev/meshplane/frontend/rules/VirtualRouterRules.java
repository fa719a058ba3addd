package dev.meshplane.frontend.rules;

import com.google.protobuf.Message;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.Violation;
import dev.meshplane.model.appmesh.VirtualRouterSpec;
import java.util.List;

/** Virtual routers: one listener per port. */
public final class VirtualRouterRules implements KindRules<VirtualRouterSpec> {
  @Override
  public ResourceKind kind() {
    return ResourceKind.VIRTUAL_ROUTER;
  }

  @Override
  public VirtualRouterSpec typed(Message spec) {
    return Specs.typed(spec, VirtualRouterSpec.getDefaultInstance());
  }

  @Override
  public List<Violation> validate(VirtualRouterSpec spec) {
    ViolationList violations = new ViolationList();
    violations.distinctPorts(
        "spec.listeners", spec.getListenersList().stream().map(l -> l.getPortMapping().getPort()).toList());
    return violations.toList();
  }
}
