package dev.meshplane.frontend.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshplane.model.Violation;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Text no store can keep as sent: a NUL character (PostgreSQL refuses it in text) and an unpaired
 * surrogate (a JSON {@code "\ud800"} escape; it is no Unicode character and has no UTF-8 form, so
 * it would be stored as '?'). Refused in every string of the input, path, query and body alike.
 */
final class UnstorableText {
  private UnstorableText() {}

  /** Why the text cannot be kept, or null when it can. */
  static String problem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        return "must not contain a NUL character (U+0000)";
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "must not contain an unpaired surrogate (U+" + Integer.toHexString(c).toUpperCase() + "): it is not Unicode text";
      }
    }
    return null;
  }

  static void check(String field, String text, List<Violation> into) {
    String problem = problem(text);
    if (problem != null) {
      into.add(new Violation(field, problem));
    }
  }

  /**
   * Every member name and string value of a JSON body, each named by its path. A path is spelled
   * out only for a refusal: this reads every member of every request body.
   */
  static void check(JsonNode node, String path, List<Violation> into) {
    if (node.isTextual()) {
      check(path, node.asText(), into);
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        if (item.isContainerNode() || item.isTextual()) {
          check(item, path + "[" + i + "]", into);
        }
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> members = node.fields(); members.hasNext(); ) {
        Map.Entry<String, JsonNode> member = members.next();
        String name = member.getKey();
        JsonNode value = member.getValue();
        boolean nameFails = problem(name) != null;
        boolean valueFails = value.isTextual() && problem(value.asText()) != null;
        if (nameFails || valueFails || value.isContainerNode()) {
          String memberPath = path.isEmpty() ? name : path + "." + name;
          if (nameFails) {
            check(memberPath + " (member name)", name, into);
          }
          if (valueFails || value.isContainerNode()) {
            check(value, memberPath, into);
          }
        }
      }
    }
  }
}
