package dev.meshplane.manifests;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.model.ResourceKind;
import java.util.Map;
import java.util.Objects;

/**
 * One App Mesh resource as a file declares it, whatever the file's format (CloudFormation,
 * Kubernetes manifest of the App Mesh controller, App Mesh API JSON, {@code meshplane export}).
 *
 * <p>Every reader produces these and every consumer ({@code meshplane apply}, the Kubernetes
 * controller) takes them, so a format is translated in one place.
 *
 * @param kind the App Mesh resource kind
 * @param meshName the mesh it belongs to (for a mesh, its own name)
 * @param parentName the virtual router of a route or the virtual gateway of a gateway route; null
 *     for the other kinds
 * @param name the resource's App Mesh name
 * @param meshOwner the account that owns a shared mesh; null when it is the caller's
 * @param spec the spec in App Mesh API JSON (camelCase, as {@code --cli-input-json} takes it)
 * @param tags tags to set on creation (key to value)
 * @param origin where it was declared, for error messages: {@code file#Resources.MyNode} or
 *     {@code file#VirtualNode/ns/name}
 */
public record DeclaredResource(
    ResourceKind kind,
    String meshName,
    String parentName,
    String name,
    String meshOwner,
    ObjectNode spec,
    Map<String, String> tags,
    String origin) {

  public DeclaredResource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(meshName, "meshName");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(spec, "spec");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    if (kind.parentKind().isPresent() != (parentName != null)) {
      throw new IllegalArgumentException(
          kind.apiName() + " " + name + (parentName == null ? " needs" : " takes no") + " a parent name");
    }
  }
}
