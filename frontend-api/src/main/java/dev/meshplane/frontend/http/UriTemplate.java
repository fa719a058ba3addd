package dev.meshplane.frontend.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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

  /** The variables of a matching path, percent-decoded; empty when the path does not match. */
  public Optional<Map<String, String>> match(String path) {
    String[] parts = (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
    if (parts.length != segments.size()) {
      return Optional.empty();
    }
    Map<String, String> variables = new LinkedHashMap<>();
    for (int i = 0; i < parts.length; i++) {
      String segment = segments.get(i);
      if (segment.startsWith("{") && segment.endsWith("}")) {
        if (parts[i].isEmpty()) {
          return Optional.empty();
        }
        variables.put(segment.substring(1, segment.length() - 1), decode(parts[i]));
      } else if (!segment.equals(parts[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(variables);
  }

  private static String decode(String part) {
    // Path segments never carry '+' as space; keep it literal.
    return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return template;
  }
}
