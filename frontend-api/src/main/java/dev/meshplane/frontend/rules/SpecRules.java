package dev.meshplane.frontend.rules;

import com.google.protobuf.Message;
import dev.meshplane.model.ResourceKind;

/** The part every kind's rules share: which kind they are for and how its spec is typed. */
abstract class SpecRules<S extends Message> implements KindRules<S> {
  private final ResourceKind kind;
  private final S defaultSpec;

  SpecRules(ResourceKind kind, S defaultSpec) {
    this.kind = kind;
    this.defaultSpec = defaultSpec;
  }

  @Override
  public final ResourceKind kind() {
    return kind;
  }

  @Override
  public final S typed(Message spec) {
    return Specs.typed(spec, defaultSpec);
  }
}
