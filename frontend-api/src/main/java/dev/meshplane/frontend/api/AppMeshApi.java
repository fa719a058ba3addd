package dev.meshplane.frontend.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import dev.meshplane.model.ResourceKind;
import java.util.concurrent.CompletableFuture;

/**
 * Answers each of the 38 operations by name: the three tag operations, and the five verbs
 * (Create, Describe, Update, Delete, List) of the seven resource kinds.
 */
public final class AppMeshApi {
  private final ResourceOperations resources;
  private final TagOperations tags;

  public AppMeshApi(ResourceOperations resources, TagOperations tags) {
    this.resources = resources;
    this.tags = tags;
  }

  /**
   * As {@link #handle}, with the resource writes (create, update, delete) answered when the store
   * committed them, so the caller's thread is not held meanwhile; every other operation is
   * answered before this returns. Refusals found before the write are thrown; the store's fail
   * the future, unwrapped.
   */
  public CompletableFuture<ObjectNode> handleAsync(String operation, Message input, Caller caller) {
    for (String verb : new String[] {"Create", "Update", "Delete"}) {
      if (operation.startsWith(verb)) {
        ResourceKind kind = kind(operation, operation.substring(verb.length()));
        return Futures.unwrapping(switch (verb) {
          case "Create" -> resources.createAsync(kind, input, caller);
          case "Update" -> resources.updateAsync(kind, input, caller);
          default -> resources.deleteAsync(kind, input, caller);
        });
      }
    }
    return CompletableFuture.completedFuture(handle(operation, input, caller));
  }

  public ObjectNode handle(String operation, Message input, Caller caller) {
    switch (operation) {
      case "TagResource":
        return tags.tag(input, caller.principal());
      case "UntagResource":
        return tags.untag(input, caller.principal());
      case "ListTagsForResource":
        return tags.list(input);
      default:
        break;
    }
    for (String verb : new String[] {"Create", "Describe", "Update", "Delete"}) {
      if (operation.startsWith(verb)) {
        ResourceKind kind = kind(operation, operation.substring(verb.length()));
        return switch (verb) {
          case "Create" -> resources.create(kind, input, caller);
          case "Describe" -> resources.describe(kind, input, caller);
          case "Update" -> resources.update(kind, input, caller);
          default -> resources.delete(kind, input, caller);
        };
      }
    }
    if (operation.startsWith("List")) {
      String plural = operation.substring("List".length());
      String singular = plural.equals("Meshes") ? "Mesh" : plural.substring(0, plural.length() - 1);
      String member = Character.toLowerCase(plural.charAt(0)) + plural.substring(1);
      return resources.list(kind(operation, singular), input, member, caller);
    }
    throw new IllegalStateException("no handler for operation " + operation);
  }

  private static ResourceKind kind(String operation, String apiName) {
    return ResourceKind.fromApiName(apiName)
        .orElseThrow(() -> new IllegalStateException("operation " + operation + " names no resource kind"));
  }
}
