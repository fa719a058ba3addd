package dev.meshplane.manifests.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One parsed Kubernetes object (a YAML document of a manifest file, or an object read from the API
 * server) and where it came from, for error messages.
 *
 * @param source the file it was read from, or {@code cluster} for objects read from the API server
 * @param object the object as JSON ({@code apiVersion}, {@code kind}, {@code metadata}, {@code spec})
 */
public record KubernetesObject(String source, JsonNode object) {

  public KubernetesObject {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(object, "object");
  }

  public String apiVersion() {
    return object.path("apiVersion").asText("");
  }

  public String kind() {
    return object.path("kind").asText("");
  }

  public String name() {
    return object.path("metadata").path("name").asText("");
  }

  /** The namespace, or {@code defaultNamespace} when the object names none (as kubectl applies it). */
  public String namespace(String defaultNamespace) {
    String namespace = object.path("metadata").path("namespace").asText("");
    return namespace.isEmpty() ? defaultNamespace : namespace;
  }

  public String uid() {
    return object.path("metadata").path("uid").asText("");
  }

  public JsonNode spec() {
    return object.path("spec");
  }

  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    object.path("metadata").path("labels").fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  /** {@code file#VirtualNode/ns/name}, or {@code file#Mesh/name} for cluster-scoped kinds. */
  public String origin(String defaultNamespace) {
    boolean clusterScoped = kind().equals("Mesh") || kind().equals("Namespace");
    return source + "#" + kind() + "/" + (clusterScoped ? "" : namespace(defaultNamespace) + "/") + name();
  }
}
