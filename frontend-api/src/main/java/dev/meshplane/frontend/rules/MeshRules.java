package dev.meshplane.frontend.rules;

import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.Violation;
import dev.meshplane.model.appmesh.EgressFilter;
import dev.meshplane.model.appmesh.MeshSpec;
import dev.meshplane.model.vocabulary.EgressFilterType;
import java.util.List;

/** Meshes: App Mesh stores an egress filter of DROP_ALL when none is given. */
public final class MeshRules extends SpecRules<MeshSpec> {
  public MeshRules() {
    super(ResourceKind.MESH, MeshSpec.getDefaultInstance());
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
    return spec.toBuilder().setEgressFilter(EgressFilter.newBuilder().setType(EgressFilterType.DEFAULT.name())).build();
  }
}
