package dev.meshplane.manifests.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Turns the spec of an {@code appmesh.k8s.aws/v1beta2} object into App Mesh API JSON. The CRD
 * mirrors the API shape, except: references to other objects ({@code virtualServiceRef}, {@code
 * virtualNodeRef}, {@code virtualRouterRef}) or their ARNs ({@code virtualServiceARN}, ...) stand
 * where the API has a name; {@code certificateARN(s)} spell ARN in capitals; and the
 * Kubernetes-only fields (awsName, meshRef, selectors, ...) are dropped by the caller.
 */
final class CrdSpecTranslator {

  /** Resolves a reference ({@code {namespace?, name}}) to a kind's object to its App Mesh name. */
  interface References {
    String awsName(String kind, JsonNode reference, String fieldPath);
  }

  private record Reference(String kind, String arnType, String refField, String arnField) {}

  private static final Map<String, String> RENAMED = Map.of(
      "certificateAuthorityARNs", "certificateAuthorityArns",
      "certificateARN", "certificateArn");

  private static final Reference VIRTUAL_SERVICE =
      new Reference("VirtualService", "virtualService", "virtualServiceRef", "virtualServiceARN");
  private static final Reference VIRTUAL_NODE =
      new Reference("VirtualNode", "virtualNode", "virtualNodeRef", "virtualNodeARN");
  private static final Reference VIRTUAL_ROUTER =
      new Reference("VirtualRouter", "virtualRouter", "virtualRouterRef", "virtualRouterARN");

  private static final Set<String> REFERENCE_FIELDS = Set.of(
      "virtualServiceRef", "virtualServiceARN", "virtualNodeRef", "virtualNodeARN", "virtualRouterRef", "virtualRouterARN");

  private final References references;

  CrdSpecTranslator(References references) {
    this.references = references;
  }

  /** Translates {@code crd} found at {@code path} (e.g. {@code spec}), leaving out {@code dropped} top-level fields. */
  ObjectNode translate(JsonNode crd, String path, Set<String> dropped) {
    ObjectNode api = JsonNodeFactory.instance.objectNode();
    if (crd.isMissingNode() || crd.isNull()) {
      return api;
    }
    if (!crd.isObject()) {
      throw new TranslationError(path, "must be an object");
    }
    Iterator<Map.Entry<String, JsonNode>> fields = crd.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!dropped.contains(field.getKey())) {
        api.set(field.getKey(), field.getValue());
      }
    }
    return (ObjectNode) translateNode(api, path);
  }

  private JsonNode translateNode(JsonNode node, String path) {
    if (node.isArray()) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < node.size(); i++) {
        array.add(translateNode(node.get(i), path + "[" + i + "]"));
      }
      return array;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode api = JsonNodeFactory.instance.objectNode();
    resolveReference(node, path, VIRTUAL_SERVICE, "virtualServiceName", api);
    resolveReference(node, path, VIRTUAL_NODE, path.matches(".*weightedTargets\\[\\d+]") ? "virtualNode" : "virtualNodeName", api);
    resolveReference(node, path, VIRTUAL_ROUTER, "virtualRouterName", api);
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      if (!REFERENCE_FIELDS.contains(name)) {
        api.set(RENAMED.getOrDefault(name, name), translateNode(field.getValue(), path + "." + name));
      }
    }
    return api;
  }

  /** Replaces {@code xRef} or {@code xARN} by the App Mesh name under {@code apiField}, as the controller does. */
  private void resolveReference(JsonNode node, String path, Reference reference, String apiField, ObjectNode api) {
    JsonNode ref = node.get(reference.refField());
    JsonNode arn = node.get(reference.arnField());
    if (ref != null && arn != null) {
      throw new TranslationError(path, reference.refField() + " and " + reference.arnField() + " are mutually exclusive; set one");
    }
    if (ref != null) {
      api.put(apiField, references.awsName(reference.kind(), ref, path + "." + reference.refField()));
    } else if (arn != null) {
      String arnPath = path + "." + reference.arnField();
      api.put(apiField, AppMeshArn.resourceName(arn.asText(), reference.arnType(), arnPath));
    } else if (requiresReference(path, reference)) {
      throw new TranslationError(path, "one of " + reference.refField() + " or " + reference.arnField() + " is required");
    }
  }

  private static boolean requiresReference(String path, Reference reference) {
    if (reference == VIRTUAL_SERVICE) {
      return path.matches(".*backends\\[\\d+]\\.virtualService") || path.endsWith("target.virtualService");
    }
    if (reference == VIRTUAL_NODE) {
      return path.matches(".*weightedTargets\\[\\d+]") || path.endsWith("provider.virtualNode");
    }
    return path.endsWith("provider.virtualRouter");
  }
}
