package dev.meshplane.auth;

import java.util.List;

/** IAM evaluation: an explicit Deny wins, otherwise any Allow allows, otherwise denied. */
public final class PolicyEvaluator {
  private final List<PolicyStatement> statements;

  PolicyEvaluator(List<PolicyStatement> statements) {
    this.statements = List.copyOf(statements);
  }

  /** Allows every action on every resource: the admin principal's policy. */
  public static PolicyEvaluator allowAll() {
    return new PolicyEvaluator(List.of(new PolicyStatement(PolicyStatement.Effect.ALLOW,
        List.of(Wildcard.caseInsensitive("*")), false, List.of(Wildcard.caseSensitive("*")), false)));
  }

  public Decision evaluate(String action, String resource) {
    boolean allowed = false;
    for (PolicyStatement statement : statements) {
      if (!statement.applies(action, resource)) {
        continue;
      }
      if (statement.effect() == PolicyStatement.Effect.DENY) {
        return Decision.EXPLICIT_DENY;
      }
      allowed = true;
    }
    return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
  }
}
