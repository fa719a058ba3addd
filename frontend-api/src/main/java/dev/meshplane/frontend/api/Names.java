package dev.meshplane.frontend.api;

import dev.meshplane.model.ResourceId;

/** Human names of resources for error messages: "Virtual node web in mesh shop". */
public final class Names {
  private Names() {}

  public static String describe(ResourceId id) {
    return switch (id.kind()) {
      case MESH -> "Mesh " + id.mesh();
      case VIRTUAL_SERVICE -> "Virtual service " + id.name() + " in mesh " + id.mesh();
      case VIRTUAL_ROUTER -> "Virtual router " + id.name() + " in mesh " + id.mesh();
      case ROUTE -> "Route " + id.name() + " of virtual router " + id.parentName() + " in mesh " + id.mesh();
      case VIRTUAL_NODE -> "Virtual node " + id.name() + " in mesh " + id.mesh();
      case VIRTUAL_GATEWAY -> "Virtual gateway " + id.name() + " in mesh " + id.mesh();
      case GATEWAY_ROUTE ->
          "Gateway route " + id.name() + " of virtual gateway " + id.parentName() + " in mesh " + id.mesh();
    };
  }
}
