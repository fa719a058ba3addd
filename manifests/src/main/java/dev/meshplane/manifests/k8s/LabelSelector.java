package dev.meshplane.manifests.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes label selector semantics ({@code matchLabels} and {@code matchExpressions} with
 * {@code In}, {@code NotIn}, {@code Exists}, {@code DoesNotExist}), as the App Mesh controller applies
 * them to {@code namespaceSelector}, {@code podSelector} and {@code gatewayRouteSelector}.
 */
public final class LabelSelector {

  private LabelSelector() {}

  /**
   * Whether {@code selector} selects {@code labels}. An absent selector selects what {@code
   * absentMatches} says: a mesh's {@code namespaceSelector} and a node's {@code podSelector} select
   * nothing when absent, a gateway's {@code gatewayRouteSelector} everything; an empty selector
   * selects everything.
   *
   * @throws IllegalArgumentException for an operator Kubernetes does not know
   */
  public static boolean matches(JsonNode selector, Map<String, String> labels, boolean absentMatches) {
    if (selector == null || selector.isMissingNode() || selector.isNull()) {
      return absentMatches;
    }
    Iterator<Map.Entry<String, JsonNode>> matchLabels = selector.path("matchLabels").fields();
    while (matchLabels.hasNext()) {
      Map.Entry<String, JsonNode> label = matchLabels.next();
      if (!label.getValue().asText().equals(labels.get(label.getKey()))) {
        return false;
      }
    }
    for (JsonNode expression : selector.path("matchExpressions")) {
      if (!matchesExpression(expression, labels)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matchesExpression(JsonNode expression, Map<String, String> labels) {
    String key = expression.path("key").asText();
    Set<String> values = new HashSet<>();
    expression.path("values").forEach(v -> values.add(v.asText()));
    String operator = expression.path("operator").asText();
    return switch (operator) {
      case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
      case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
      case "Exists" -> labels.containsKey(key);
      case "DoesNotExist" -> !labels.containsKey(key);
      default -> throw new IllegalArgumentException(
          "unknown label selector operator " + operator + " (expected In, NotIn, Exists or DoesNotExist)");
    };
  }
}
