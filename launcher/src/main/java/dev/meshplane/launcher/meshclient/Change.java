package dev.meshplane.launcher.meshclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.manifests.DeclaredResource;
import dev.meshplane.manifests.apijson.ApiJsonWriter;
import dev.meshplane.model.JsonDiff;
import java.util.List;

/**
 * One write of a plan: create {@code desired}, update {@code current} to {@code desired}, or
 * delete {@code current}.
 */
public record Change(Action action, DeclaredResource desired, LiveResource current) {
  public enum Action { CREATE, UPDATE, DELETE }

  /** The resource the change is about (desired, or current for a delete). */
  public DeclaredResource subject() {
    return desired != null ? desired : current.resource();
  }

  /** {@code virtualNode m/n} or {@code route m/router/r}. */
  public String label() {
    DeclaredResource r = subject();
    return r.kind().arnSegment() + " " + r.meshName() + (r.parentName() == null ? "" : "/" + r.parentName())
        + (r.kind() == dev.meshplane.model.ResourceKind.MESH ? "" : "/" + r.name());
  }

  /** {@code CreateVirtualNode}, {@code UpdateRoute}, ...: the operation that makes the change. */
  public String operation() {
    return switch (action) {
      case CREATE -> "Create";
      case UPDATE -> "Update";
      case DELETE -> "Delete";
    } + subject().kind().apiName();
  }

  /** The operation's input as App Mesh JSON (the {@code --cli-input-json} shape). */
  public ObjectNode input() {
    ObjectNode input = ApiJsonWriter.createInput(subject());
    if (action != Action.CREATE) {
      input.remove("tags");
    }
    if (action == Action.DELETE) {
      input.remove("spec");
    }
    return input;
  }

  public List<String> specDiff() {
    JsonNode before = current == null ? null : SpecCanonicalizer.canonical(current.resource().kind(), current.resource().spec());
    JsonNode after = desired == null ? null : SpecCanonicalizer.canonical(desired.kind(), desired.spec());
    return JsonDiff.lines(before, after, "spec");
  }
}
