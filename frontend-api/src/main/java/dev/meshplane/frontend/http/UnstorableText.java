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

  /** Every member name and string value of a JSON body, each named by its path. */
  static void check(JsonNode node, String path, List<Violation> into) {
    if (node.isTextual()) {
      check(path, node.asText(), into);
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        check(node.get(i), path + "[" + i + "]", into);
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> members = node.fields(); members.hasNext(); ) {
        Map.Entry<String, JsonNode> member = members.next();
        String memberPath = path.isEmpty() ? member.getKey() : path + "." + member.getKey();
        check(memberPath + " (member name)", member.getKey(), into);
        check(member.getValue(), memberPath, into);
      }
    }
  }
}
