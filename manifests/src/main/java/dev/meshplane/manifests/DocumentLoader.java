package dev.meshplane.manifests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a JSON or YAML file into JSON trees, one per YAML document. YAML is read as a node graph
 * so CloudFormation's short-form tags keep their meaning: {@code !Ref X} becomes {@code {"Ref": "X"}},
 * {@code !GetAtt A.b} becomes {@code {"Fn::GetAtt": ["A", "b"]}}, any other {@code !Name v} becomes
 * {@code {"Fn::Name": v}}, the long form CloudFormation itself uses.
 */
public final class DocumentLoader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private DocumentLoader() {}

  public static List<JsonNode> load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ManifestException(file.toString(), null, "cannot read: " + e.getMessage());
    }
    return parse(file.toString(), text);
  }

  /** Parses {@code text}; JSON when {@code origin} ends in {@code .json}, else YAML (which JSON also is). */
  public static List<JsonNode> parse(String origin, String text) {
    if (origin.endsWith(".json")) {
      try {
        return List.of(JSON.readTree(text));
      } catch (JsonProcessingException e) {
        var at = e.getLocation();
        throw new ManifestException(origin, at == null ? null : "line " + at.getLineNr() + " column " + at.getColumnNr(),
            "malformed JSON: " + e.getOriginalMessage());
      }
    }
    List<JsonNode> documents = new ArrayList<>();
    try {
      LoaderOptions options = new LoaderOptions();
      for (Node node : new Yaml(new SafeConstructor(options)).composeAll(new StringReader(text))) {
        documents.add(toJson(node));
      }
    } catch (MarkedYAMLException e) {
      var mark = e.getProblemMark();
      throw new ManifestException(origin, mark == null ? null : "line " + (mark.getLine() + 1) + " column " + (mark.getColumn() + 1),
          "malformed YAML: " + e.getProblem());
    } catch (RuntimeException e) {
      throw new ManifestException(origin, null, "malformed YAML: " + e.getMessage());
    }
    return documents;
  }

  private static JsonNode toJson(Node node) {
    Tag tag = node.getTag();
    if (tag.getValue().startsWith("!")) {
      return shortForm(tag.getValue().substring(1), node);
    }
    if (node instanceof MappingNode mapping) {
      ObjectNode object = NODES.objectNode();
      for (NodeTuple tuple : mapping.getValue()) {
        object.set(scalarText(tuple.getKeyNode()), toJson(tuple.getValueNode()));
      }
      return object;
    }
    if (node instanceof SequenceNode sequence) {
      ArrayNode array = NODES.arrayNode();
      sequence.getValue().forEach(item -> array.add(toJson(item)));
      return array;
    }
    return scalar((ScalarNode) node);
  }

  private static JsonNode shortForm(String function, Node node) {
    ObjectNode call = NODES.objectNode();
    if (function.equals("Ref") || function.equals("Condition")) {
      call.set(function, toJson(untagged(node)));
    } else if (function.equals("GetAtt") && node instanceof ScalarNode scalar) {
      String value = scalar.getValue();
      int dot = value.indexOf('.');
      ArrayNode parts = call.putArray("Fn::GetAtt");
      parts.add(dot < 0 ? value : value.substring(0, dot));
      if (dot >= 0) {
        parts.add(value.substring(dot + 1));
      }
    } else {
      call.set("Fn::" + function, toJson(untagged(node)));
    }
    return call;
  }

  /** The node's content read as if it had no local tag (the tag was the function's name). */
  private static Node untagged(Node node) {
    if (node instanceof ScalarNode scalar) {
      return new ScalarNode(Tag.STR, scalar.getValue(), scalar.getStartMark(), scalar.getEndMark(), scalar.getScalarStyle());
    }
    if (node instanceof SequenceNode sequence) {
      return new SequenceNode(Tag.SEQ, sequence.getValue(), sequence.getFlowStyle());
    }
    MappingNode mapping = (MappingNode) node;
    return new MappingNode(Tag.MAP, mapping.getValue(), mapping.getFlowStyle());
  }

  private static String scalarText(Node key) {
    return key instanceof ScalarNode scalar ? scalar.getValue() : toJson(key).toString();
  }

  private static JsonNode scalar(ScalarNode scalar) {
    String value = scalar.getValue();
    Tag tag = scalar.getTag();
    try {
      if (tag.equals(Tag.INT)) {
        return NODES.numberNode(Long.decode(value.replace("_", "")));
      }
      if (tag.equals(Tag.FLOAT)) {
        return NODES.numberNode(Double.parseDouble(value.replace("_", "")));
      }
    } catch (NumberFormatException e) {
      return NODES.textNode(value);
    }
    if (tag.equals(Tag.BOOL)) {
      return NODES.booleanNode(switch (value.toLowerCase()) {
        case "true", "yes", "on", "y" -> true;
        default -> false;
      });
    }
    if (tag.equals(Tag.NULL)) {
      return NODES.nullNode();
    }
    return NODES.textNode(value);
  }
}
