package dev.meshplane.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads IAM policy documents ({@code {"Version": "2012-10-17", "Statement": [...]}}) into
 * statements. Anything this evaluator cannot honour (a Condition, a Principal, an unknown Effect)
 * is refused with the statement's position, rather than silently ignored: ignoring a condition
 * would allow more than its author meant.
 */
public final class PolicyParser {
  private PolicyParser() {}

  public static PolicyEvaluator parse(List<JsonNode> documents, String where) {
    List<PolicyStatement> statements = new ArrayList<>();
    for (int d = 0; d < documents.size(); d++) {
      JsonNode document = documents.get(d);
      String path = where + ".policies[" + d + "]";
      JsonNode statementNode = document.path("Statement");
      if (statementNode.isMissingNode()) {
        throw new IllegalArgumentException(path + ": has no Statement");
      }
      List<JsonNode> list = new ArrayList<>();
      if (statementNode.isArray()) {
        statementNode.forEach(list::add);
      } else {
        list.add(statementNode);
      }
      for (int s = 0; s < list.size(); s++) {
        statements.add(statement(list.get(s), path + ".Statement[" + s + "]"));
      }
    }
    return new PolicyEvaluator(statements);
  }

  private static PolicyStatement statement(JsonNode node, String path) {
    for (String unsupported : List.of("Condition", "Principal", "NotPrincipal")) {
      if (node.has(unsupported)) {
        throw new IllegalArgumentException(path + ": " + unsupported + " is not supported; remove it or split the policy");
      }
    }
    String effect = node.path("Effect").asText("");
    PolicyStatement.Effect parsedEffect = switch (effect) {
      case "Allow" -> PolicyStatement.Effect.ALLOW;
      case "Deny" -> PolicyStatement.Effect.DENY;
      default -> throw new IllegalArgumentException(path + ".Effect: must be Allow or Deny, got \"" + effect + "\"");
    };
    boolean notAction = exactlyOne(node, "Action", "NotAction", path);
    boolean notResource = exactlyOne(node, "Resource", "NotResource", path);
    List<Wildcard> actions = strings(node.get(notAction ? "NotAction" : "Action"), path).stream()
        .map(Wildcard::caseInsensitive).toList();
    List<Wildcard> resources = strings(node.get(notResource ? "NotResource" : "Resource"), path).stream()
        .map(Wildcard::caseSensitive).toList();
    return new PolicyStatement(parsedEffect, actions, notAction, resources, notResource);
  }

  /** True when the "Not" form is the one given. */
  private static boolean exactlyOne(JsonNode node, String positive, String negative, String path) {
    if (node.has(positive) == node.has(negative)) {
      throw new IllegalArgumentException(path + ": exactly one of " + positive + ", " + negative + " must be given");
    }
    return node.has(negative);
  }

  private static List<String> strings(JsonNode node, String path) {
    List<String> values = new ArrayList<>();
    if (node.isTextual()) {
      values.add(node.asText());
    } else if (node.isArray()) {
      node.forEach(v -> {
        if (!v.isTextual()) {
          throw new IllegalArgumentException(path + ": actions and resources must be strings");
        }
        values.add(v.asText());
      });
    } else {
      throw new IllegalArgumentException(path + ": actions and resources must be a string or a list of strings");
    }
    return values;
  }
}
