package dev.meshplane.frontend.http;

import dev.meshplane.frontend.api.ApiException;
import dev.meshplane.frontend.api.ErrorType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query of a request, decoded strictly from the raw query as it came over the wire (the
 * same text the SigV4 signature covers): a literal '+' is a '+', as in the canonical request.
 */
final class QueryParameters {
  private QueryParameters() {}

  static Map<String, List<String>> parse(String rawQuery) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return parameters;
    }
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = decode(eq < 0 ? part : part.substring(0, eq), part);
      String value = eq < 0 ? "" : decode(part.substring(eq + 1), part);
      parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return parameters;
  }

  private static String decode(String text, String part) {
    try {
      return PercentDecoding.decode(text);
    } catch (PercentDecoding.MalformedException e) {
      throw new ApiException(ErrorType.BadRequestException,
          "The query parameter '" + part + "' is not percent-encoded UTF-8: " + e.getMessage());
    }
  }
}
