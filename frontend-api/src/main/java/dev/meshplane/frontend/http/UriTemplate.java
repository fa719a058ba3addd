package dev.meshplane.frontend.http;

import dev.meshplane.frontend.api.ApiException;
import dev.meshplane.frontend.api.ErrorType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A request URI template of the App Mesh model, such as {@code /v20190125/meshes/{meshName}}. */
public final class UriTemplate {
  private final String template;
  private final List<String> segments;

  public UriTemplate(String template) {
    this.template = template;
    this.segments = List.of(template.substring(1).split("/"));
  }

  /**
   * The variables of a matching path, given as sent (percent-encoded), each segment decoded once;
   * empty when the path does not match. A variable that is not percent-encoded UTF-8 is a BadRequest.
   */
  public Optional<Map<String, String>> match(String rawPath) {
    return match(segments(rawPath));
  }

  /** The segments of a path as {@link #match(String[])} takes them: split once, matched against every template. */
  static String[] segments(String rawPath) {
    return (rawPath.startsWith("/") ? rawPath.substring(1) : rawPath).split("/", -1);
  }

  /** As {@link #match(String)}, on the path's {@link #segments}. */
  Optional<Map<String, String>> match(String[] parts) {
    if (parts.length != segments.size()) {
      return Optional.empty();
    }
    // literal segments first: most templates are ruled out before anything is decoded
    for (int i = 0; i < parts.length; i++) {
      String segment = segments.get(i);
      if (!isVariable(segment) && !segment.equals(parts[i])) {
        return Optional.empty();
      }
    }
    Map<String, String> variables = new LinkedHashMap<>();
    for (int i = 0; i < parts.length; i++) {
      String segment = segments.get(i);
      if (isVariable(segment)) {
        if (parts[i].isEmpty()) {
          return Optional.empty();
        }
        variables.put(segment.substring(1, segment.length() - 1), decode(parts[i]));
      }
    }
    return Optional.of(variables);
  }

  private static boolean isVariable(String segment) {
    return segment.startsWith("{") && segment.endsWith("}");
  }

  /** Path segments never carry '+' as space: it stays literal. */
  private static String decode(String part) {
    try {
      return PercentDecoding.decode(part);
    } catch (PercentDecoding.MalformedException e) {
      throw new ApiException(ErrorType.BadRequestException,
          "The path segment '" + part + "' is not percent-encoded UTF-8: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return template;
  }
}
