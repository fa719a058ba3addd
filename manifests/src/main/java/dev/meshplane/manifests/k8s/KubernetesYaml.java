package dev.meshplane.manifests.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Parses a Kubernetes manifest (YAML, any number of {@code ---} documents; JSON is YAML too; {@code kind: List} unwrapped). */
public final class KubernetesYaml {

  private static final YAMLFactory YAML = new YAMLFactory();
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private KubernetesYaml() {}

  /**
   * @param source the file name, for error messages
   * @throws IllegalArgumentException naming the file and line of a syntax error
   */
  public static List<KubernetesObject> parse(String source, String text) {
    List<KubernetesObject> objects = new ArrayList<>();
    try (YAMLParser parser = YAML.createParser(text)) {
      while (parser.nextToken() != null) {
        JsonNode document = MAPPER.readTree(parser);
        if (document == null || document.isNull() || document.isMissingNode()) {
          continue;
        }
        if (document.path("kind").asText().equals("List")) {
          document.path("items").forEach(item -> objects.add(new KubernetesObject(source, item)));
        } else {
          objects.add(new KubernetesObject(source, document));
        }
      }
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException(source + ": not a YAML manifest: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return objects;
  }
}
