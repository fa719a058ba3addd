package dev.meshplane.k8s.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** An {@code admission.k8s.io/v1} AdmissionReview for a pod in, the review with the injector's response out. */
public final class PodAdmission {

  private final SidecarInjector injector;
  private final ClusterView cluster;

  public PodAdmission(SidecarInjector injector, ClusterView cluster) {
    this.injector = injector;
    this.cluster = cluster;
  }

  public ObjectNode review(JsonNode review) {
    JsonNode request = review.path("request");
    ObjectNode answer = JsonNodeFactory.instance.objectNode()
        .put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode response = answer.putObject("response").put("uid", request.path("uid").asText());
    if (!request.path("kind").path("kind").asText("Pod").equals("Pod") || !request.path("object").isObject()) {
      response.put("allowed", true);
      return answer;
    }
    String namespace = request.path("namespace").asText(request.path("object").path("metadata").path("namespace").asText("default"));
    Injection injection = injector.decide(request.path("object"), namespace, cluster);
    if (injection instanceof Injection.Patched patched) {
      response.put("allowed", true).put("patchType", "JSONPatch").put("patch",
          Base64.getEncoder().encodeToString(patched.patch().toString().getBytes(StandardCharsets.UTF_8)));
    } else if (injection instanceof Injection.Refused refused) {
      response.put("allowed", false).putObject("status").put("code", 400).put("message", refused.message());
    } else {
      response.put("allowed", true);
    }
    return answer;
  }
}
