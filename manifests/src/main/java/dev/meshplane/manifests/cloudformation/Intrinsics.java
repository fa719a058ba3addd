package dev.meshplane.manifests.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.manifests.ManifestException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates CloudFormation's intrinsic functions in a resource's properties: {@code Ref},
 * {@code Fn::GetAtt}, {@code Fn::Sub}, {@code Fn::Join}, {@code Fn::Select}, {@code Fn::Split},
 * {@code Fn::FindInMap}; {@code AWS::NoValue} removes the member. Names are looked up in a
 * {@link Scope}; what cannot be known offline ({@code Fn::ImportValue}, conditions) is an error
 * naming the path and what to do instead.
 */
final class Intrinsics {
  static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Values of names: parameters, pseudo parameters and resources already evaluated. */
  interface Scope {
    /** The value of {@code Ref name}. */
    JsonNode ref(String name, String path);

    /** The value of {@code Fn::GetAtt [logicalId, attribute]}. */
    JsonNode getAtt(String logicalId, String attribute, String path);

    JsonNode findInMap(String map, String key, String secondKey, String path);
  }

  private final Scope scope;
  private final String origin;

  Intrinsics(Scope scope, String origin) {
    this.scope = scope;
    this.origin = origin;
  }

  /** {@code value} with every function evaluated; {@link MissingNode} for {@code Ref AWS::NoValue}. */
  JsonNode evaluate(JsonNode value, String path) {
    if (value.isArray()) {
      ArrayNode out = NODES.arrayNode();
      for (int i = 0; i < value.size(); i++) {
        JsonNode item = evaluate(value.get(i), path + "[" + i + "]");
        if (!item.isMissingNode()) {
          out.add(item);
        }
      }
      return out;
    }
    if (!value.isObject()) {
      return value;
    }
    if (value.size() == 1) {
      String key = value.fieldNames().next();
      if (key.equals("Ref") || key.startsWith("Fn::")) {
        return function(key, value.get(key), path + "." + key);
      }
    }
    ObjectNode out = NODES.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> member = it.next();
      JsonNode evaluated = evaluate(member.getValue(), path + "." + member.getKey());
      if (!evaluated.isMissingNode()) {
        out.set(member.getKey(), evaluated);
      }
    }
    return out;
  }

  private JsonNode function(String name, JsonNode argument, String path) {
    switch (name) {
      case "Ref":
        if (argument.asText().equals("AWS::NoValue")) {
          return MissingNode.getInstance();
        }
        return scope.ref(text(argument, path), path);
      case "Fn::GetAtt": {
        JsonNode evaluated = evaluate(argument, path);
        String logicalId;
        String attribute;
        if (evaluated.isArray() && evaluated.size() == 2) {
          logicalId = evaluated.get(0).asText();
          attribute = evaluated.get(1).asText();
        } else if (evaluated.isTextual() && evaluated.asText().contains(".")) {
          logicalId = evaluated.asText().substring(0, evaluated.asText().indexOf('.'));
          attribute = evaluated.asText().substring(evaluated.asText().indexOf('.') + 1);
        } else {
          throw new ManifestException(origin, path, "takes [LogicalId, Attribute] or \"LogicalId.Attribute\", got " + argument);
        }
        return scope.getAtt(logicalId, attribute, path);
      }
      case "Fn::Sub":
        return NODES.textNode(sub(argument, path));
      case "Fn::Join": {
        JsonNode evaluated = evaluate(argument, path);
        if (!evaluated.isArray() || evaluated.size() != 2 || !evaluated.get(1).isArray()) {
          throw new ManifestException(origin, path, "takes [delimiter, [values]], got " + argument);
        }
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < evaluated.get(1).size(); i++) {
          joined.append(i == 0 ? "" : evaluated.get(0).asText()).append(text(evaluated.get(1).get(i), path + "[1][" + i + "]"));
        }
        return NODES.textNode(joined.toString());
      }
      case "Fn::Select": {
        JsonNode evaluated = evaluate(argument, path);
        if (!evaluated.isArray() || evaluated.size() != 2 || !evaluated.get(1).isArray()) {
          throw new ManifestException(origin, path, "takes [index, [values]], got " + argument);
        }
        int index = Integer.parseInt(evaluated.get(0).asText());
        if (index < 0 || index >= evaluated.get(1).size()) {
          throw new ManifestException(origin, path, "index " + index + " is outside the list of " + evaluated.get(1).size());
        }
        return evaluated.get(1).get(index);
      }
      case "Fn::Split": {
        JsonNode evaluated = evaluate(argument, path);
        if (!evaluated.isArray() || evaluated.size() != 2) {
          throw new ManifestException(origin, path, "takes [delimiter, string], got " + argument);
        }
        ArrayNode parts = NODES.arrayNode();
        for (String part : evaluated.get(1).asText().split(Pattern.quote(evaluated.get(0).asText()), -1)) {
          parts.add(part);
        }
        return parts;
      }
      case "Fn::FindInMap": {
        JsonNode evaluated = evaluate(argument, path);
        if (!evaluated.isArray() || evaluated.size() != 3) {
          throw new ManifestException(origin, path, "takes [MapName, TopLevelKey, SecondLevelKey], got " + argument);
        }
        return scope.findInMap(evaluated.get(0).asText(), evaluated.get(1).asText(), evaluated.get(2).asText(), path);
      }
      case "Fn::ImportValue":
        throw new ManifestException(origin, path,
            "Fn::ImportValue reads another stack's export, which apply cannot see; write the value, or a Ref to a parameter given with --parameter");
      default:
        throw new ManifestException(origin, path, name + " is not supported by apply (supported: Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap)");
    }
  }

  private String sub(JsonNode argument, String path) {
    String template;
    Map<String, JsonNode> variables = new java.util.HashMap<>();
    if (argument.isArray() && argument.size() == 2 && argument.get(1).isObject()) {
      template = text(argument.get(0), path + "[0]");
      argument.get(1).fields().forEachRemaining(e -> variables.put(e.getKey(), evaluate(e.getValue(), path + "[1]." + e.getKey())));
    } else if (argument.isTextual()) {
      template = argument.asText();
    } else {
      throw new ManifestException(origin, path, "takes a string or [string, {variables}], got " + argument);
    }
    Matcher matcher = SUB_VARIABLE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String variable = matcher.group(1).trim();
      JsonNode value;
      if (variables.containsKey(variable)) {
        value = variables.get(variable);
      } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
        int dot = variable.indexOf('.');
        value = scope.getAtt(variable.substring(0, dot), variable.substring(dot + 1), path + " ${" + variable + "}");
      } else {
        value = scope.ref(variable, path + " ${" + variable + "}");
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(text(value, path + " ${" + variable + "}")));
    }
    matcher.appendTail(out);
    // ${!Literal} writes ${Literal}
    return out.toString().replace("${!", "${");
  }

  private String text(JsonNode value, String path) {
    if (value.isTextual() || value.isNumber() || value.isBoolean()) {
      return value.asText();
    }
    throw new ManifestException(origin, path, "must be a string here, got " + value);
  }

  /**
   * The logical ids and parameters a value names (Ref, Fn::GetAtt, ${...} in Fn::Sub), for the
   * dependency order; variables a Fn::Sub defines itself are not names.
   */
  static Set<String> namesUsed(JsonNode value) {
    Set<String> names = new LinkedHashSet<>();
    collect(value, names);
    return names;
  }

  private static void collect(JsonNode value, Set<String> names) {
    if (value.isObject() && value.size() == 1) {
      String key = value.fieldNames().next();
      JsonNode argument = value.get(key);
      if (key.equals("Ref") && argument.isTextual()) {
        names.add(argument.asText());
        return;
      }
      if (key.equals("Fn::GetAtt")) {
        if (argument.isArray() && argument.size() > 0 && argument.get(0).isTextual()) {
          names.add(argument.get(0).asText());
        } else if (argument.isTextual()) {
          names.add(argument.asText().split("\\.", 2)[0]);
        }
        return;
      }
      if (key.equals("Fn::Sub")) {
        JsonNode template = argument.isArray() ? argument.get(0) : argument;
        Set<String> own = new LinkedHashSet<>();
        if (argument.isArray() && argument.size() == 2) {
          argument.get(1).fieldNames().forEachRemaining(own::add);
          collect(argument.get(1), names);
        }
        Matcher matcher = SUB_VARIABLE.matcher(template == null ? "" : template.asText());
        while (matcher.find()) {
          String variable = matcher.group(1).trim().split("\\.", 2)[0];
          if (!own.contains(variable)) {
            names.add(variable);
          }
        }
        return;
      }
    }
    value.elements().forEachRemaining(child -> collect(child, names));
  }
}
