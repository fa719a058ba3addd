package dev.meshplane.frontend.rules;

import com.google.protobuf.Message;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.Violation;
import dev.meshplane.model.appmesh.EgressFilter;
import dev.meshplane.model.appmesh.MeshSpec;
import java.util.List;

/** Meshes: App Mesh stores an egress filter of DROP_ALL when none is given. */
public final class MeshRules implements KindRules<MeshSpec> {
  @Override
  public ResourceKind kind() {
    return ResourceKind.MESH;
  }

  @Override
  public MeshSpec typed(Message spec) {
    return Specs.typed(spec, MeshSpec.getDefaultInstance());
  }

  @Override
  public List<Violation> validate(MeshSpec spec) {
    return List.of();
  }

  @Override
  public MeshSpec withDefaults(MeshSpec spec) {
    if (spec.hasEgressFilter()) {
      return spec;
    }
    return spec.toBuilder().setEgressFilter(EgressFilter.newBuilder().setType("DROP_ALL")).build();
  }
}
