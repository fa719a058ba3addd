package dev.meshplane.frontend.rules;

import com.google.protobuf.Message;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.model.Violation;
import dev.meshplane.store.Precondition;
import java.util.List;
import java.util.Set;

/**
 * What App Mesh checks and fills in for one resource kind beyond the model's own constraints
 * (which {@link dev.meshplane.model.ConstraintValidator} already enforces): cross-field rules,
 * defaults, the resources a spec refers to, and rules on other resources checked in the write's
 * transaction. Specs arrive as messages of {@link ResourceKind#specDescriptor()}.
 */
public interface KindRules<S extends Message> {
  ResourceKind kind();

  /** Parses the kind's typed spec from a message of the same descriptor. */
  S typed(Message spec);

  /** Violations of cross-field rules, with paths under {@code spec}. */
  List<Violation> validate(S spec);

  /** The spec as App Mesh stores it: what the caller left out filled in as App Mesh does. */
  default S withDefaults(S spec) {
    return spec;
  }

  /** Resources that must exist while this one refers to them. */
  default Set<ResourceId> references(ResourceId id, S spec) {
    return Set.of();
  }

  /** Rules on other resources (its router, its gateway), checked inside the write. */
  default List<Precondition> preconditions(ResourceId id, S spec) {
    return List.of();
  }
}
