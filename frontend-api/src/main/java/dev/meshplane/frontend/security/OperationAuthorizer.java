package dev.meshplane.frontend.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.meshplane.auth.Decision;
import dev.meshplane.auth.Principal;
import dev.meshplane.frontend.api.ApiException;
import dev.meshplane.frontend.api.ApiSettings;
import dev.meshplane.frontend.api.ErrorType;
import dev.meshplane.model.Arns;
import dev.meshplane.model.ProtoJson;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import jakarta.inject.Singleton;
import java.util.Iterator;

/**
 * Decides whether a verified principal may run an App Mesh operation, as App Mesh's IAM does: the
 * action is {@code appmesh:<OperationName>}; the resource is the ARN of what the operation acts on
 * (for Create/Describe/Update/Delete the resource itself, for List* its parent: the mesh, the virtual
 * router of routes, the virtual gateway of gateway routes; for the tag operations resourceArn).
 * ListMeshes has no resource in App Mesh's IAM; here it lists the meshes whose ARN the principal may
 * {@code appmesh:ListMeshes} on (see {@link #filterListedMeshes}).
 */
@Singleton
public class OperationAuthorizer {
  private final ApiSettings settings;

  public OperationAuthorizer(ApiSettings settings) {
    this.settings = settings;
  }

  /** Throws ForbiddenException naming the action and resource unless the principal is allowed. */
  public void authorize(Principal principal, String operation, Message input) {
    if (operation.equals("ListMeshes")) {
      return; // filtered per mesh afterwards
    }
    require(principal, "appmesh:" + operation, resourceArn(operation, input));
  }

  /** The config view of a proxy shows what DescribeVirtualNode/DescribeVirtualGateway on it would allow. */
  public void authorizeConfigView(Principal principal, ResourceId proxy) {
    require(principal, "appmesh:Describe" + proxy.kind().apiName(), arn(proxy));
  }

  /** A mesh's proxy status is read like the mesh: whoever may DescribeMesh it may list its proxies. */
  public void authorizeMeshView(Principal principal, String mesh) {
    require(principal, "appmesh:DescribeMesh", arn(ResourceId.mesh(mesh)));
  }

  /** Whether the principal may see a proxy's status or config (as {@link #authorizeConfigView} allows). */
  public boolean mayViewProxy(Principal principal, ResourceId proxy) {
    return principal.authorize("appmesh:Describe" + proxy.kind().apiName(), arn(proxy)).allowed();
  }

  /** Keeps the meshes of a ListMeshes output the principal may list; the page token stays as the store gave it. */
  public ObjectNode filterListedMeshes(Principal principal, ObjectNode output) {
    JsonNode meshes = output.get("meshes");
    if (meshes instanceof ArrayNode items) {
      for (Iterator<JsonNode> it = items.elements(); it.hasNext(); ) {
        if (!principal.authorize("appmesh:ListMeshes", it.next().path("arn").asText()).allowed()) {
          it.remove();
        }
      }
    }
    return output;
  }

  private void require(Principal principal, String action, String resource) {
    Decision decision = principal.authorize(action, resource);
    if (!decision.allowed()) {
      throw new ApiException(ErrorType.ForbiddenException, "User: " + principal.arn() + " is not authorized to perform: "
          + action + " on resource: " + resource + (decision == Decision.EXPLICIT_DENY ? " with an explicit deny" : ""));
    }
  }

  String resourceArn(String operation, Message input) {
    if (operation.equals("TagResource") || operation.equals("UntagResource") || operation.equals("ListTagsForResource")) {
      String arn = string(input, "resourceArn");
      return arn == null ? "*" : arn;
    }
    String mesh = string(input, "meshName");
    if (operation.startsWith("List")) {
      return switch (operation) {
        case "ListRoutes" -> arn(ResourceId.of(mesh, ResourceKind.VIRTUAL_ROUTER, string(input, "virtualRouterName")));
        case "ListGatewayRoutes" -> arn(ResourceId.of(mesh, ResourceKind.VIRTUAL_GATEWAY, string(input, "virtualGatewayName")));
        default -> arn(ResourceId.mesh(mesh));
      };
    }
    for (String verb : new String[] {"Create", "Describe", "Update", "Delete"}) {
      if (operation.startsWith(verb)) {
        ResourceKind kind = ResourceKind.fromApiName(operation.substring(verb.length()))
            .orElseThrow(() -> new IllegalStateException("operation " + operation + " names no resource kind"));
        if (kind == ResourceKind.MESH) {
          return arn(ResourceId.mesh(mesh));
        }
        String name = string(input, kind.nameMember());
        return arn(kind.parentKind()
            .map(parent -> ResourceId.child(mesh, kind, string(input, parent.nameMember()), name))
            .orElseGet(() -> ResourceId.of(mesh, kind, name)));
      }
    }
    throw new IllegalStateException("no resource mapping for operation " + operation);
  }

  private String arn(ResourceId id) {
    return Arns.arn(settings.region(), settings.accountId(), id);
  }

  private static String string(Message input, String member) {
    FieldDescriptor field = ProtoJson.fieldByJsonName(input.getDescriptorForType(), member);
    return field != null && input.hasField(field) ? (String) input.getField(field) : null;
  }
}
