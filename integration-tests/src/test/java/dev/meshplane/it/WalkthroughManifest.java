package dev.meshplane.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A walkthrough manifest of {@code src/test/resources/walkthroughs/}: the mesh and the steps that
 * replay one aws-app-mesh-examples walkthrough, each an {@code aws appmesh} command with its name
 * flags and either a file of the walkthrough (a jq template, {@code vars} substituted) or an inline spec.
 */
final class WalkthroughManifest {
  static final Path EXAMPLES = Path.of(System.getProperty("meshplane.examples", "src/test/resources/appmesh-examples"));
  static final Path WALKTHROUGHS = EXAMPLES.resolveSibling("walkthroughs");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VARIABLE = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)");

  private WalkthroughManifest() {}

  /** The names of every manifest, sorted. */
  static List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(WALKTHROUGHS)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .map(n -> n.substring(0, n.length() - ".json".length()))
          .sorted()
          .toList();
    }
  }

  static JsonNode load(String walkthrough) throws IOException {
    return JSON.readTree(WALKTHROUGHS.resolve(walkthrough + ".json").toFile());
  }

  /** The step's name flags, in the order the manifest gives them. */
  static Map<String, String> names(JsonNode step) {
    Map<String, String> names = new LinkedHashMap<>();
    step.get("names").fields().forEachRemaining(e -> names.put(e.getKey(), e.getValue().asText()));
    return names;
  }

  /** The text of the step's file with its {@code vars} substituted (what {@code jq -n --arg ... -f FILE} prints). */
  static String fileInput(JsonNode step) throws IOException {
    String file = step.get("file").asText();
    return substitute(Files.readString(EXAMPLES.resolve(file), StandardCharsets.UTF_8), step.path("vars"), file);
  }

  /** The spec a step sends: its file's {@code spec}, its inline {@code spec}, or none (an empty spec). */
  static JsonNode sentSpec(JsonNode step) throws IOException {
    JsonNode spec = step.has("file") ? JSON.readTree(fileInput(step)).get("spec") : step.get("spec");
    return spec == null ? JSON.createObjectNode() : spec;
  }

  /** Replaces each {@code $NAME} of a jq template with the JSON string the step gives for it. */
  static String substitute(String template, JsonNode vars, String file) {
    Matcher matcher = VARIABLE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      if (!vars.has(name)) {
        throw new AssertionError("no value of $" + name + " for " + file);
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(vars.get(name).toString()));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** The defaults App Mesh fills into a spec it stores: a mesh without an egress filter drops all egress. */
  static JsonNode withAppMeshDefaults(String kind, JsonNode spec) {
    if (kind.equals("mesh") && !spec.has("egressFilter")) {
      ObjectNode filled = spec.deepCopy();
      filled.putObject("egressFilter").put("type", "DROP_ALL");
      return filled;
    }
    return spec;
  }

  /** {@code --virtual-router-name} -> {@code virtualRouterName}. */
  static String camelCase(String flag) {
    String[] words = flag.substring(2).split("-");
    StringBuilder out = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      out.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return out.toString();
  }
}
