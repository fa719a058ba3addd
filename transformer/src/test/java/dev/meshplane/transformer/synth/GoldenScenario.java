package dev.meshplane.transformer.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import dev.meshplane.store.MeshSnapshot;
import dev.meshplane.store.StoredResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A golden scenario's {@code input.json}: the mesh name, the App Mesh resources (kind, name,
 * parent for routes and gateway routes, spec as the API accepts it), the virtual nodes whose
 * proxyless gRPC variant is also expected, and optionally {@code "sdsSource": "secrets-dir"} (the
 * synthesis option; App Mesh's {@code agent} otherwise).
 *
 * <p>Alternatively {@code {"walkthrough": "<name>"}}: the resources are the final state of the
 * walkthrough manifest {@code integration-tests/src/test/resources/walkthroughs/<name>.json}, its
 * steps replayed in order over the real aws-app-mesh-examples specs (jq templates with the
 * manifest's values substituted), so the input is exactly what the CLI walkthrough test sends.
 */
record GoldenScenario(String name, MeshSnapshot snapshot, Set<String> proxyless, SynthesisOptions options) {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final Path WALKTHROUGHS = Path.of(System.getProperty("meshplane.walkthroughs",
      "../integration-tests/src/test/resources/walkthroughs"));
  static final Path EXAMPLES = WALKTHROUGHS.resolveSibling("appmesh-examples");
  private static final Pattern VARIABLE = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)");

  static GoldenScenario load(Path dir) throws IOException {
    JsonNode input = MAPPER.readTree(Files.readString(dir.resolve("input.json")));
    if (input.hasNonNull("walkthrough")) {
      input = replay(input.path("walkthrough").asText(), null, input);
    }
    return of(dir.getFileName().toString(), input);
  }

  /**
   * The final state of a walkthrough manifest as an input document: every create and update step
   * sets the resource's whole spec (as App Mesh's update does), a delete step removes it; the
   * resources keep the order they were first created in. With a {@code phase}, the replay stops
   * after the last step labelled with it: the state the walkthrough's README tests at that point.
   */
  static JsonNode replay(String walkthrough, String phase, JsonNode input) throws IOException {
    JsonNode manifest = MAPPER.readTree(Files.readString(WALKTHROUGHS.resolve(walkthrough + ".json")));
    Map<String, ObjectNode> resources = new LinkedHashMap<>();
    int last = manifest.path("steps").size() - 1;
    if (phase != null) {
      last = -1;
      for (int i = 0; i < manifest.path("steps").size(); i++) {
        if (phase.equals(manifest.path("steps").get(i).path("phase").asText(null))) {
          last = i;
        }
      }
      if (last < 0) {
        throw new IllegalArgumentException("no step of phase " + phase + " in " + walkthrough);
      }
    }
    for (int i = 0; i <= last; i++) {
      JsonNode step = manifest.path("steps").get(i);
      String command = step.path("command").asText();
      int dash = command.indexOf('-');
      String verb = command.substring(0, dash);
      String kind = camel(command.substring(dash + 1));
      String kindFlag = "--" + command.substring(dash + 1) + "-name";
      JsonNode names = step.path("names");
      String resourceName = names.path(kindFlag).asText();
      String parent = switch (kind) {
        case "Route" -> names.path("--virtual-router-name").asText();
        case "GatewayRoute" -> names.path("--virtual-gateway-name").asText();
        default -> null;
      };
      String key = kind + "/" + parent + "/" + resourceName;
      if (verb.equals("delete")) {
        resources.remove(key);
        continue;
      }
      if (!verb.equals("create") && !verb.equals("update")) {
        throw new IllegalArgumentException("unknown command " + command + " in " + walkthrough);
      }
      JsonNode spec;
      if (step.has("file")) {
        String file = step.path("file").asText();
        spec = MAPPER.readTree(substitute(Files.readString(EXAMPLES.resolve(file)), step.path("vars"), file))
            .path("spec");
      } else {
        spec = step.path("spec");
      }
      ObjectNode resource = MAPPER.createObjectNode();
      resource.put("kind", kind);
      if (!kind.equals("Mesh")) {
        resource.put("name", resourceName);
      }
      if (parent != null) {
        resource.put("parent", parent);
      }
      resource.set("spec", spec.isMissingNode() || spec.isNull() ? MAPPER.createObjectNode() : spec);
      resources.merge(key, resource, (old, updated) -> {
        old.set("spec", updated.get("spec"));
        return old;
      });
    }
    ObjectNode out = MAPPER.createObjectNode();
    out.put("mesh", manifest.path("mesh").asText());
    out.putArray("resources").addAll(List.copyOf(resources.values()));
    if (input.has("proxyless")) {
      out.set("proxyless", input.get("proxyless"));
    }
    if (input.has("sdsSource")) {
      out.set("sdsSource", input.get("sdsSource"));
    }
    return out;
  }

  /** Replaces each {@code $NAME} of a jq template with the JSON string the step gives for it. */
  private static String substitute(String template, JsonNode vars, String file) {
    Matcher matcher = VARIABLE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      if (!vars.has(name)) {
        throw new IllegalArgumentException("no value for $" + name + " in " + file);
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(vars.get(name).toString()));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** {@code virtual-node} -> {@code VirtualNode}. */
  private static String camel(String words) {
    StringBuilder out = new StringBuilder();
    for (String word : words.split("-")) {
      out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }
    return out.toString();
  }

  static GoldenScenario of(String name, JsonNode input) {
    String mesh = input.path("mesh").asText("m");
    List<StoredResource> resources = new ArrayList<>();
    for (JsonNode r : input.path("resources")) {
      ResourceKind kind = ResourceKind.fromApiName(r.path("kind").asText())
          .orElseThrow(() -> new IllegalArgumentException("unknown kind " + r.path("kind")));
      String resourceName = kind == ResourceKind.MESH ? mesh : r.path("name").asText();
      String parent = r.hasNonNull("parent") ? r.path("parent").asText() : null;
      resources.add(stored(new ResourceId(mesh, kind, parent, resourceName), r.path("spec").toString()));
    }
    Set<String> proxyless = new java.util.TreeSet<>();
    input.path("proxyless").forEach(n -> proxyless.add(n.asText()));
    SynthesisOptions options = input.has("sdsSource")
        ? new SynthesisOptions(SynthesisOptions.SdsSource.of(input.path("sdsSource").asText()))
        : SynthesisOptions.DEFAULTS;
    return new GoldenScenario(name, new MeshSnapshot(mesh, 1, Instant.EPOCH, 1, resources), proxyless, options);
  }

  static StoredResource stored(ResourceId id, String specJson) {
    Instant t = Instant.EPOCH;
    return new StoredResource(id, "uid-" + id.key(), 1, t, t, specJson, List.of(), Set.of(), null,
        "111122223333", "111122223333");
  }
}
