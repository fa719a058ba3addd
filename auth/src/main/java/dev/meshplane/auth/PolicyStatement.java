package dev.meshplane.auth;

import java.util.List;

/**
 * One IAM statement: its effect, the actions it names (or, with {@code notAction}, the actions it
 * does not name) and likewise the resources.
 */
record PolicyStatement(
    Effect effect, List<Wildcard> actions, boolean notAction, List<Wildcard> resources, boolean notResource) {

  enum Effect {
    ALLOW,
    DENY
  }

  boolean applies(String action, String resource) {
    boolean actionListed = actions.stream().anyMatch(w -> w.matches(action));
    boolean resourceListed = resources.stream().anyMatch(w -> w.matches(resource));
    return (actionListed != notAction) && (resourceListed != notResource);
  }
}
