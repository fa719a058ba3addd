package dev.meshplane.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The status the AWS controller writes on its objects: the App Mesh ARN ({@code virtualNodeARN},
 * and {@code routeARNs} by route name for a router), {@code observedGeneration}, and the {@code
 * <Kind>Active} condition, here also False with a reason and message when the object cannot be
 * reconciled.
 */
final class CrdStatus {

  private CrdStatus() {}

  /**
   * The new status, keeping the old condition's {@code lastTransitionTime} when its status did not change.
   *
   * @param arn null to keep the old ARN (a failed reconcile does not unset it); likewise {@code routeArns}
   */
  static ObjectNode of(CrdKind kind, JsonNode old, Long generation, String arn, Map<String, String> routeArns,
      boolean active, String reason, String message, Instant now) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    String keptArn = arn != null ? arn : old.path(kind.arnField()).asText(null);
    if (keptArn != null) {
      status.put(kind.arnField(), keptArn);
    }
    if (routeArns != null && !routeArns.isEmpty()) {
      ObjectNode routes = status.putObject("routeARNs");
      routeArns.forEach(routes::put);
    } else if (routeArns == null && old.has("routeARNs")) {
      status.set("routeARNs", old.get("routeARNs"));
    }
    String conditionStatus = active ? "True" : "False";
    JsonNode oldCondition = null;
    for (JsonNode c : old.path("conditions")) {
      if (c.path("type").asText().equals(kind.activeCondition())) {
        oldCondition = c;
      }
    }
    ObjectNode condition = status.putArray("conditions").addObject();
    condition.put("type", kind.activeCondition());
    condition.put("status", conditionStatus);
    condition.put("lastTransitionTime", oldCondition != null && oldCondition.path("status").asText().equals(conditionStatus)
        ? oldCondition.path("lastTransitionTime").asText(now.truncatedTo(ChronoUnit.SECONDS).toString())
        : now.truncatedTo(ChronoUnit.SECONDS).toString());
    if (reason != null) {
      condition.put("reason", reason);
    }
    if (message != null) {
      condition.put("message", message);
    }
    if (generation != null) {
      status.put("observedGeneration", generation);
    }
    return status;
  }
}
