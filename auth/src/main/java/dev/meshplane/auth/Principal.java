package dev.meshplane.auth;

import java.util.Objects;

/** A principal: name, 12-digit account, policies. {@link #arn()} = {@code arn:aws:iam::<account>:user/<name>}. */
public record Principal(String name, String account, PolicyEvaluator policies) {
  public Principal {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(policies, "policies");
  }

  public String arn() {
    return "arn:aws:iam::" + account + ":user/" + name;
  }

  /** E.g. {@code ("appmesh:DescribeMesh", "arn:aws:appmesh:us-west-2:111122223333:mesh/team-a")}. */
  public Decision authorize(String action, String resourceArn) {
    return policies.evaluate(action, resourceArn);
  }

  @Override
  public String toString() {
    return "Principal[" + arn() + "]";
  }
}
