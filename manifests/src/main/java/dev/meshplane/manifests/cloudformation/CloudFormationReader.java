package dev.meshplane.manifests.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.manifests.DeclaredResource;
import dev.meshplane.manifests.ManifestContents;
import dev.meshplane.manifests.ManifestException;
import dev.meshplane.model.Arns;
import dev.meshplane.model.ResourceId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CloudFormation template (as written, or as {@code cdk synth} writes it) read as App Mesh
 * resources. Every {@code AWS::AppMesh::*} resource is evaluated in dependency order (its Refs,
 * GetAtts, Sub variables and DependsOn; a cycle is an error naming it), so a Ref or GetAtt of
 * another App Mesh resource yields its name or ARN as CloudFormation would. Resources of other
 * types are listed as skipped; a Ref to one of them from an App Mesh resource is an error.
 * A resource without its name property gets {@code <stack name>-<logical id>}, deterministic so a
 * second apply finds the same resource (CloudFormation would add a random suffix).
 */
public final class CloudFormationReader {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CloudFormationReader() {}

  /** Whether a parsed document is a CloudFormation template. */
  public static boolean isTemplate(JsonNode document) {
    return document.isObject() && (document.has("Resources") || document.has("AWSTemplateFormatVersion"));
  }

  public static ManifestContents read(String file, JsonNode template, TemplateOptions options) {
    return new Evaluation(file, template, options).run();
  }

  private static final class Evaluation implements Intrinsics.Scope {
    private final String file;
    private final JsonNode template;
    private final TemplateOptions options;
    private final JsonNode resources;
    private final Map<String, JsonNode> parameters = new HashMap<>();
    private final Map<String, DeclaredResource> declared = new HashMap<>();
    private String current;

    Evaluation(String file, JsonNode template, TemplateOptions options) {
      this.file = file;
      this.template = template;
      this.options = options;
      this.resources = template.path("Resources");
    }

    ManifestContents run() {
      if (!resources.isObject()) {
        throw new ManifestException(file, "Resources", "must be an object of logical ids to resources");
      }
      readParameters();
      List<String> skipped = new ArrayList<>();
      Map<String, Set<String>> dependencies = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> resource = it.next();
        String type = resource.getValue().path("Type").asText("");
        if (AppMeshResourceType.of(type).isEmpty()) {
          if (type.startsWith("AWS::AppMesh::")) {
            throw new ManifestException(origin(resource.getKey()), "Type", "unknown App Mesh resource type " + type);
          }
          if (type.isEmpty()) {
            throw new ManifestException(origin(resource.getKey()), "Type", "is missing");
          }
          skipped.add(origin(resource.getKey()) + " (" + type + "): not an App Mesh resource");
          continue;
        }
        Set<String> uses = new LinkedHashSet<>(Intrinsics.namesUsed(resource.getValue().path("Properties")));
        JsonNode dependsOn = resource.getValue().path("DependsOn");
        if (dependsOn.isTextual()) {
          uses.add(dependsOn.asText());
        }
        dependsOn.elements().forEachRemaining(d -> uses.add(d.asText()));
        uses.removeIf(name -> !resources.has(name));
        dependencies.put(resource.getKey(), uses);
      }
      List<DeclaredResource> out = new ArrayList<>();
      for (String logicalId : DependencyOrder.of(dependencies, file)) {
        current = logicalId;
        DeclaredResource resource = evaluate(logicalId);
        declared.put(logicalId, resource);
        out.add(resource);
      }
      return new ManifestContents(out, skipped);
    }

    private void readParameters() {
      for (Iterator<Map.Entry<String, JsonNode>> it = template.path("Parameters").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> parameter = it.next();
        String given = options.parameters().get(parameter.getKey());
        JsonNode value = given != null ? NODES.textNode(given) : parameter.getValue().get("Default");
        if (value != null && parameter.getValue().path("Type").asText().contains("List")) {
          ArrayNode list = NODES.arrayNode();
          for (String item : value.asText().split(",", -1)) {
            list.add(item.trim());
          }
          value = list;
        }
        if (value != null) {
          parameters.put(parameter.getKey(), value);
        }
      }
    }

    private DeclaredResource evaluate(String logicalId) {
      JsonNode resource = resources.get(logicalId);
      AppMeshResourceType type = AppMeshResourceType.of(resource.get("Type").asText()).orElseThrow();
      String origin = origin(logicalId);
      Intrinsics intrinsics = new Intrinsics(this, origin);
      JsonNode properties = intrinsics.evaluate(resource.path("Properties"), "Properties");
      String meshName = type == AppMeshResourceType.MESH
          ? nameOrDefault(properties, "MeshName", logicalId)
          : required(properties, "MeshName", origin);
      String name = type == AppMeshResourceType.MESH ? meshName : nameOrDefault(properties, type.nameProperty, logicalId);
      String parent = type.parentProperty == null ? null : required(properties, type.parentProperty, origin);
      ObjectNode spec = properties.has("Spec")
          ? CloudFormationSpecs.toApiJson(properties.get("Spec"), type.kind.specDescriptor(), origin, "Properties.Spec")
          : NODES.objectNode();
      Map<String, String> tags = new LinkedHashMap<>();
      JsonNode tagList = properties.path("Tags");
      for (int i = 0; i < tagList.size(); i++) {
        JsonNode tag = tagList.get(i);
        if (!tag.path("Key").isTextual()) {
          throw new ManifestException(origin, "Properties.Tags[" + i + "].Key", "is missing");
        }
        tags.put(tag.get("Key").asText(), tag.path("Value").asText(""));
      }
      String meshOwner = properties.path("MeshOwner").isTextual() ? properties.get("MeshOwner").asText() : null;
      return new DeclaredResource(type.kind, meshName, parent, name, meshOwner, spec, tags, origin);
    }

    private String nameOrDefault(JsonNode properties, String property, String logicalId) {
      return properties.path(property).isValueNode() ? properties.get(property).asText() : options.stackName() + "-" + logicalId;
    }

    private static String required(JsonNode properties, String property, String origin) {
      if (!properties.path(property).isValueNode()) {
        throw new ManifestException(origin, "Properties." + property, "is required");
      }
      return properties.get(property).asText();
    }

    private String origin(String logicalId) {
      return file + "#Resources." + logicalId;
    }

    @Override
    public JsonNode ref(String name, String path) {
      switch (name) {
        case "AWS::Region":
          return NODES.textNode(options.region());
        case "AWS::AccountId":
          return NODES.textNode(options.accountId());
        case "AWS::StackName":
          return NODES.textNode(options.stackName());
        case "AWS::Partition":
          return NODES.textNode("aws");
        case "AWS::URLSuffix":
          return NODES.textNode("amazonaws.com");
        default:
          break;
      }
      if (template.path("Parameters").has(name)) {
        JsonNode value = parameters.get(name);
        if (value == null) {
          throw new ManifestException(origin(current), path,
              "parameter " + name + " has no Default; give it with --parameter " + name + "=VALUE");
        }
        return value;
      }
      String given = options.parameters().get(name);
      if (given != null && resources.has(name) && !declared.containsKey(name)) {
        return NODES.textNode(given);
      }
      DeclaredResource resource = resourceNamed(name, path);
      // Ref of any AWS::AppMesh::* resource returns its ARN
      return NODES.textNode(arn(resource));
    }

    @Override
    public JsonNode getAtt(String logicalId, String attribute, String path) {
      String given = options.parameters().get(logicalId + "." + attribute);
      if (given != null && resources.has(logicalId) && !declared.containsKey(logicalId)) {
        return NODES.textNode(given);
      }
      DeclaredResource resource = resourceNamed(logicalId, path);
      String value = switch (attribute) {
        case "Arn" -> arn(resource);
        case "MeshName" -> resource.meshName();
        case "MeshOwner", "ResourceOwner" -> resource.meshOwner() != null ? resource.meshOwner() : options.accountId();
        case "VirtualRouterName" -> resource.kind() == dev.meshplane.model.ResourceKind.ROUTE ? resource.parentName() : nameIfKind(resource, attribute);
        case "VirtualGatewayName" -> resource.kind() == dev.meshplane.model.ResourceKind.GATEWAY_ROUTE ? resource.parentName() : nameIfKind(resource, attribute);
        case "VirtualNodeName", "VirtualServiceName", "RouteName", "GatewayRouteName" -> nameIfKind(resource, attribute);
        case "Uid" -> throw new ManifestException(origin(current), path,
            "the Uid of " + logicalId + " is only known once the server has made it; use its name or Arn");
        default -> null;
      };
      if (value == null) {
        throw new ManifestException(origin(current), path,
            resources.get(logicalId).get("Type").asText() + " has no attribute " + attribute);
      }
      return NODES.textNode(value);
    }

    private static String nameIfKind(DeclaredResource resource, String attribute) {
      return attribute.equals(resource.kind().apiName() + "Name") ? resource.name() : null;
    }

    @Override
    public JsonNode findInMap(String map, String key, String secondKey, String path) {
      JsonNode value = template.path("Mappings").path(map).path(key).path(secondKey);
      if (value.isMissingNode()) {
        throw new ManifestException(origin(current), path, "Mappings." + map + "." + key + "." + secondKey + " does not exist");
      }
      return value;
    }

    private DeclaredResource resourceNamed(String logicalId, String path) {
      DeclaredResource resource = declared.get(logicalId);
      if (resource != null) {
        return resource;
      }
      if (resources.has(logicalId)) {
        throw new ManifestException(origin(current), path,
            "refers to " + logicalId + " (" + resources.get(logicalId).path("Type").asText()
                + "), which apply skips as it is not an App Mesh resource; give its value with --parameter "
                + logicalId + (path.contains("GetAtt") || path.contains(".") && path.contains("${" + logicalId + ".") ? ".<Attribute>" : "") + "=VALUE");
      }
      throw new ManifestException(origin(current), path,
          "refers to " + logicalId + ", which is neither a parameter nor a resource of this template");
    }

    private String arn(DeclaredResource resource) {
      ResourceId id = resource.parentName() == null
          ? (resource.kind() == dev.meshplane.model.ResourceKind.MESH
              ? ResourceId.mesh(resource.meshName())
              : ResourceId.of(resource.meshName(), resource.kind(), resource.name()))
          : ResourceId.child(resource.meshName(), resource.kind(), resource.parentName(), resource.name());
      return Arns.arn(options.region(), resource.meshOwner() != null ? resource.meshOwner() : options.accountId(), id);
    }
  }
}
